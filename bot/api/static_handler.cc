// The static script handler.
#include "bot/api/static_handler.h"

#include "bot/http/response.h"
#include "bot/report/review_script.h"

namespace nagame::bot {

http::Handler MakeReviewScriptHandler() {
  return [](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
    http::Response res = http::TextResponse(200, std::string(report::ReviewScript()), ctx.request,
                                            "text/javascript; charset=utf-8");
    res.set(boost::beast::http::field::cache_control, "no-cache");
    co_return res;
  };
}

}  // namespace nagame::bot

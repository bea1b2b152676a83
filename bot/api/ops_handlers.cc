// Health, readiness and metrics endpoints.
#include "bot/api/ops_handlers.h"

#include <nlohmann/json.hpp>

#include "bot/http/response.h"
#include "bot/log.h"

namespace nagame::bot {

http::Handler MakeHealthzHandler() {
  return [](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
    co_return http::JsonResponse(200, {{"status", "ok"}}, ctx.request);
  };
}

http::Handler MakeReadyzHandler(ReadStore* store, std::function<Status()> journal_writable) {
  return [store,
          journal_writable](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
    Status st = store->With([](storage::EventStore& s) { return s.CheckReady(); });
    if (st.ok() && journal_writable) st = journal_writable();
    if (!st.ok()) {
      LogWarn("not_ready", {{"error", st.ToString()}});
      // The cause (which file, and why: locked, read-only, deleted, not migrated) helps whoever
      // reads the probe; store messages hold no paths or values (StatusFromSqlite).
      co_return http::ErrorResponse(Unavailable("not ready: " + st.message()), ctx.request);
    }
    co_return http::JsonResponse(200, {{"status", "ready"}}, ctx.request);
  };
}

http::Handler MakeMetricsHandler(const Metrics* metrics) {
  return [metrics](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
    auto res = http::TextResponse(200, metrics->Render(), ctx.request);
    res.set(boost::beast::http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    co_return res;
  };
}

}  // namespace nagame::bot

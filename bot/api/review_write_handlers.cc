// POST endpoints of the review API: people's records.
#include <cctype>
#include <nlohmann/json.hpp>
#include <string>

#include "bot/api/off_thread.h"
#include "bot/api/review_handlers.h"
#include "bot/http/response.h"
#include "bot/review/record_json.h"

namespace nagame::bot {
namespace {

namespace beast_http = boost::beast::http;

// "application/json", with parameters and any case.
bool IsJson(std::string_view content_type) {
  std::string media(content_type.substr(0, content_type.find(';')));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  for (char& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return media == "application/json";
}

// A POST handler for one record kind: `parse` reads the body, `record` stores it through the
// service (off the I/O threads); the answer is 201 {key: record}.
template <typename Parse, typename Record>
http::Handler RecordPost(ReviewApiDeps deps, const char* key, Parse parse, Record record) {
  return [deps, key, parse,
          record](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
    if (!IsJson(ctx.request[beast_http::field::content_type])) {
      co_return http::ErrorResponse(
          Status(Code::kUnsupportedMediaType, "Content-Type must be application/json"),
          ctx.request);
    }
    const nlohmann::json body = nlohmann::json::parse(ctx.request.body(), nullptr, false);
    if (body.is_discarded()) {
      co_return http::ErrorResponse(InvalidArgument("not valid JSON", "body"), ctx.request);
    }
    auto parsed = parse(body);
    if (!parsed.ok()) co_return http::ErrorResponse(parsed.status(), ctx.request);
    // Only reference captures in the co_await expression: GCC 12 may destroy non-trivial
    // temporaries of a co_await full-expression twice.
    auto value = std::move(parsed).value();
    auto stored =
        co_await RunOffThread(*deps.pool, [&] { return record(*deps.service, std::move(value)); });
    if (!stored.ok()) co_return http::ErrorResponse(stored.status(), ctx.request);
    co_return http::JsonResponse(201, nlohmann::json{{key, ToJson(*stored)}}, ctx.request);
  };
}

}  // namespace

http::Handler MakeAckHandler(ReviewApiDeps deps) {
  return RecordPost(deps, "ack", AckFromJson,
                    [](ReviewService& s, rules::Ack a) { return s.RecordAck(std::move(a)); });
}

http::Handler MakeFeedbackHandler(ReviewApiDeps deps) {
  return RecordPost(deps, "feedback", FeedbackFromJson, [](ReviewService& s, rules::Feedback f) {
    return s.RecordFeedback(std::move(f));
  });
}

http::Handler MakeDecisionHandler(ReviewApiDeps deps) {
  return RecordPost(deps, "decision", DecisionFromJson, [](ReviewService& s, rules::Decision d) {
    return s.RecordDecision(std::move(d));
  });
}

http::Handler MakeIncidentHandler(ReviewApiDeps deps) {
  return RecordPost(deps, "incident", IncidentFromJson, [](ReviewService& s, rules::Incident i) {
    return s.RecordIncident(std::move(i));
  });
}

}  // namespace nagame::bot

// The webhook ingest endpoint.
#include "bot/api/webhook_handler.h"

#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>

#include "bot/http/response.h"
#include "bot/log.h"
#include "bot/sources/source.h"

namespace nagame::bot {
namespace {

namespace beast_http = boost::beast::http;

// What a 503 asks the sender to wait, in seconds. Alertmanager retries on its own backoff
// anyway; others (generic senders, proxies) read this. Overload and storage faults both last
// longer than an instant, and a short wait loses nothing: the sender keeps the delivery.
constexpr char kRetryAfterSeconds[] = "5";

bool IsJsonContentType(std::string_view ct) {
  auto semi = ct.find(';');
  std::string_view media = ct.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  std::string lower(media);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "application/json" ||
         (lower.starts_with("application/") && lower.ends_with("+json"));
}

}  // namespace

http::Handler MakeWebhookHandler(WebhookDeps deps) {
  auto shared = std::make_shared<WebhookDeps>(std::move(deps));
  return [shared](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
    const WebhookDeps& d = *shared;
    const std::string& name = ctx.path_params.at("source");
    auto enabled = d.sources.find(name);
    auto count = [&](const char* result) {
      if (d.metrics) d.metrics->deliveries.Add({FindSource(name) ? name : "unknown", result});
    };
    if (enabled == d.sources.end()) {
      count("not_found");
      co_return http::ErrorResponse(NotFound("source not enabled: " + name.substr(0, 64)),
                                    ctx.request);
    }
    const ConfiguredSource& source = *enabled->second;
    const WebhookRequest request{
        .body = ctx.request.body(),
        .header = [&ctx](std::string_view field) { return ctx.request[field]; },
        .query =
            [&ctx](std::string_view param) {
              auto it = ctx.query.find(std::string(param));
              return it == ctx.query.end() ? std::string_view() : std::string_view(it->second);
            },
        .received_at = ctx.received_at,
    };
    if (Status auth = source.Authenticate(request); !auth.ok()) {
      count("unauthenticated");
      LogWarn("webhook_unauthenticated", {{"source", name}, {"remote", ctx.remote.to_string()}});
      co_return http::ErrorResponse(auth, ctx.request, source.Challenge());
    }
    if (!IsJsonContentType(ctx.request[beast_http::field::content_type])) {
      count("unsupported_media_type");
      co_return http::ErrorResponse(
          Status(Code::kUnsupportedMediaType, "Content-Type must be application/json"),
          ctx.request);
    }
    auto delivery = source.Parse(request);
    if (delivery.ok()) {
      if (Status valid = rules::ValidateDelivery(*delivery); !valid.ok()) delivery = valid;
    }
    if (!delivery.ok()) {
      count("invalid");
      LogWarn("webhook_invalid", {{"source", name},
                                  {"field", delivery.status().field()},
                                  {"error", delivery.status().message()}});
      co_return http::ErrorResponse(delivery.status(), ctx.request);
    }
    size_t alerts = delivery->alerts.size();
    auto outcome =
        co_await d.ingest->AsyncSubmit(std::move(delivery).value(), boost::asio::use_awaitable);
    if (!outcome.ok()) {
      const bool invalid = outcome.code() == Code::kInvalidArgument;
      count(invalid ? "invalid" : "unavailable");
      if (invalid) co_return http::ErrorResponse(outcome, ctx.request);
      http::Response busy = http::ErrorResponse(Unavailable("storage unavailable"), ctx.request);
      busy.set(beast_http::field::retry_after, kRetryAfterSeconds);
      co_return busy;
    }
    count("stored");
    nlohmann::json body = {{"status", "stored"}, {"alerts", alerts}};
    co_return http::JsonResponse(200, body, ctx.request);
  };
}

}  // namespace nagame::bot

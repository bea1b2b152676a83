// The route table.
#include "bot/serve/routes.h"

#include "bot/api/api_auth.h"
#include "bot/api/episodes_handler.h"
#include "bot/api/ops_handlers.h"
#include "bot/api/page_auth.h"
#include "bot/api/report_handler.h"
#include "bot/api/review_page_handler.h"
#include "bot/api/review_record_handler.h"
#include "bot/api/rule_page_handler.h"
#include "bot/api/static_handler.h"
#include "bot/api/webhook_handler.h"

namespace nagame::bot {

std::vector<http::Route> ServeRoutes(const RouteDeps& d) {
  using boost::beast::http::verb;
  const http::Handler webhook =
      MakeWebhookHandler({.sources = d.config->sources, .ingest = d.ingest, .metrics = d.metrics});
  auto api = [&d](http::Handler h) { return RequireCredentials(d.config->api, std::move(h)); };
  Result<TrustedProxies> proxies = TrustedProxies::Parse(d.config->trusted_proxies);  // checked
  const PageAuthConfig page_auth{d.config->api, proxies.ok() ? *proxies : TrustedProxies()};
  const auto csrf = std::make_shared<const CsrfTokens>(CsrfTokens::Random());
  auto page = [&page_auth](http::Handler h) { return RequirePageAuth(page_auth, std::move(h)); };
  const ReviewApiDeps& review = d.review;
  std::vector<http::Route> routes = {
      {verb::post, "/webhooks/{source}", webhook},
      {verb::put, "/webhooks/{source}", webhook},
      {verb::get, "/api/v1/episodes", api(MakeEpisodesHandler(d.read_store, d.clock))},
      {verb::get, "/healthz", MakeHealthzHandler()},
      {verb::get, "/readyz", MakeReadyzHandler(d.read_store, d.journal_writable)},
      {verb::get, "/metrics", MakeMetricsHandler(d.metrics)},
      {verb::get, "/api/v1/inventory", api(MakeInventoryHandler(review))},
      {verb::get, "/api/v1/suggestions", api(MakeSuggestionsHandler(review))},
      {verb::get, "/api/v1/rules", api(MakeRulesHandler(review))},
      {verb::get, "/api/v1/rules/{name}", api(MakeRuleHandler(review))},
      {verb::get, "/api/v1/decisions", api(MakeDecisionsListHandler(review))},
      {verb::post, "/api/v1/acks", api(MakeAckHandler(review))},
      {verb::post, "/api/v1/feedback", api(MakeFeedbackHandler(review))},
      {verb::post, "/api/v1/decisions", api(MakeDecisionHandler(review))},
      {verb::post, "/api/v1/incidents", api(MakeIncidentHandler(review))},
      {verb::get, "/report", page(MakeReportHandler(review))},
      {verb::get, "/report/{week}", page(MakeReportHandler(review))},
      {verb::get, "/review", MakeReviewPageHandler(review, page_auth, csrf)},
      {verb::get, "/review/{week}", MakeReviewPageHandler(review, page_auth, csrf)},
      {verb::post, "/review/{week}/record", MakeReviewRecordHandler(review, page_auth, csrf)},
      {verb::get, "/rules/{name}", MakeRulePageHandler(review, page_auth)},
      {verb::get, "/rules/{name}/{week}", MakeRulePageHandler(review, page_auth)},
      {verb::get, "/static/review.js", MakeReviewScriptHandler()},
  };
  for (http::Route& r : d.chat->Routes()) routes.push_back(std::move(r));
  return routes;
}

}  // namespace nagame::bot

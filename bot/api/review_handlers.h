// The review's JSON API (design §7), every endpoint a thin adapter over bot::ReviewService:
//   GET  /api/v1/inventory?from=&to=             → rules::ToJson(Inventory)
//   GET  /api/v1/suggestions?from=&to=&category= → SuggestionsJson
//   GET  /api/v1/rules                           → KnownRulesJson
//   GET  /api/v1/rules/{name}?from=&to=          → RuleDetailJson (404 unknown rule)
//   GET  /api/v1/decisions?from=&to=             → DecisionsJson
//   POST /api/v1/acks, /feedback, /decisions, /incidents (application/json, see
//        bot/review/record_json.h) → 201 {"ack"|"feedback"|"decision"|"incident": record}
// Windows: from/to as RFC 3339, a duration back from now ("7d") or an ISO week ("2026-W47");
// default the last 7 days. Errors as {"error":{"code","message","field"}}: 400 naming the
// field, 404 unknown rule, 415 a POST that is not JSON, 503 storage unavailable.
//
// Protection: like the rest of /api/v1, these endpoints carry no credentials of their own
// (design §7/§8 define none); the service listens on loopback unless configured otherwise.
#pragma once

#include <boost/asio/thread_pool.hpp>

#include "bot/http/handler.h"
#include "bot/review/review_service.h"

namespace nagame::bot {

// `service` and `pool` must outlive the handlers. Service calls block, so they run on `pool`.
struct ReviewApiDeps {
  ReviewService* service = nullptr;
  boost::asio::thread_pool* pool = nullptr;
};

http::Handler MakeInventoryHandler(ReviewApiDeps deps);
http::Handler MakeSuggestionsHandler(ReviewApiDeps deps);
http::Handler MakeRulesHandler(ReviewApiDeps deps);
http::Handler MakeRuleHandler(ReviewApiDeps deps);
http::Handler MakeDecisionsListHandler(ReviewApiDeps deps);
http::Handler MakeAckHandler(ReviewApiDeps deps);
http::Handler MakeFeedbackHandler(ReviewApiDeps deps);
http::Handler MakeDecisionHandler(ReviewApiDeps deps);
http::Handler MakeIncidentHandler(ReviewApiDeps deps);

}  // namespace nagame::bot

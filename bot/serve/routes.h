// Every route `nagame serve` answers, in one table of {verb, pattern, handler}: the webhooks,
// the episodes and review API, the report, the operations endpoints and each chat platform's
// endpoints (from its registry entry, bot/chat/platform.h).
#pragma once

#include <functional>
#include <vector>

#include "bot/api/read_store.h"
#include "bot/api/review_handlers.h"
#include "bot/chat/chat_service.h"
#include "bot/config.h"
#include "bot/http/router.h"
#include "bot/ingest/ingest_queue.h"
#include "bot/metrics/metrics.h"
#include "rules/clock.h"

namespace nagame::bot {

// What the handlers answer from. Everything pointed to must outlive the routes.
struct RouteDeps {
  const Config* config = nullptr;   // sources, and `api` credentials
  ReadStore* read_store = nullptr;  // episodes, /readyz
  IngestQueue* ingest = nullptr;    // webhooks
  Metrics* metrics = nullptr;       // webhooks, /metrics
  ReviewApiDeps review;             // review API, report
  const chat::ChatService* chat = nullptr;
  std::function<Status()> journal_writable;  // /readyz (may be empty: not checked)
  Clock clock;                               // "7d" and other windows back from now
};

// The table, in this order: POST and PUT /webhooks/{source} (Grafana may PUT), the episodes,
// /healthz, /readyz, /metrics, the review API, /report, /review, then chat. /api/v1 is behind
// config->api's credentials when it sets any; the pages (/report, /review) behind the same
// credentials or a trusted proxy's user header (bot/api/page_auth.h, config->trusted_proxies).
std::vector<http::Route> ServeRoutes(const RouteDeps& deps);

}  // namespace nagame::bot

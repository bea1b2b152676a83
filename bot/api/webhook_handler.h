// POST (or PUT) /webhooks/{source}: authenticate and parse with the configured source,
// validate, record durably, answer (design §3): 200 stored; 400 malformed (field named); 401
// bad credentials; 404 source not enabled; 415 not JSON; 503 with Retry-After when storage is
// unavailable or the ingest journal is over a limit (so the sender retries). Only valid deliveries
// reach the ingest queue.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "bot/http/handler.h"
#include "bot/ingest/ingest_queue.h"
#include "bot/metrics/metrics.h"
#include "bot/sources/source.h"

namespace nagame::bot {

struct WebhookDeps {
  // Enabled sources by name (Config::sources).
  std::map<std::string, std::shared_ptr<const ConfiguredSource>> sources;
  IngestQueue* ingest = nullptr;  // must outlive the handler
  Metrics* metrics = nullptr;     // must outlive the handler
};

http::Handler MakeWebhookHandler(WebhookDeps deps);

}  // namespace nagame::bot

// POST /webhooks/{source}: authenticate, parse with the source's parser, record durably,
// answer (design §3): 200 stored; 400 malformed (field named); 401 bad credentials; 404 source
// not enabled; 415 not JSON; 503 storage unavailable (so the sender retries).
#pragma once

#include <map>
#include <string>

#include "bot/auth/tokens.h"
#include "bot/http/handler.h"
#include "bot/ingest/ingest_queue.h"
#include "bot/metrics/metrics.h"

namespace nagame::bot {

struct WebhookDeps {
  std::map<std::string, AuthConfig> enabled_sources;  // name → how its sender authenticates
  IngestQueue* ingest = nullptr;                      // must outlive the handler
  Metrics* metrics = nullptr;                         // must outlive the handler
};

http::Handler MakeWebhookHandler(WebhookDeps deps);

}  // namespace nagame::bot

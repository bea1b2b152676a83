// Operations endpoints: GET /healthz (process is serving), GET /readyz (database writable and
// migrated), GET /metrics (Prometheus text format).
#pragma once

#include "bot/api/read_store.h"
#include "bot/http/handler.h"
#include "bot/metrics/metrics.h"

namespace nagame::bot {

http::Handler MakeHealthzHandler();
// `store` must outlive the handler.
http::Handler MakeReadyzHandler(ReadStore* store);
// `metrics` must outlive the handler.
http::Handler MakeMetricsHandler(const Metrics* metrics);

}  // namespace nagame::bot

// Operations endpoints: GET /healthz (process is serving), GET /readyz (database writable and
// migrated, ingest journal writable), GET /metrics (Prometheus text format).
#pragma once

#include <functional>

#include "bot/api/read_store.h"
#include "bot/http/handler.h"
#include "bot/metrics/metrics.h"

namespace nagame::bot {

http::Handler MakeHealthzHandler();
// `store` must outlive the handler. `journal_writable` (may be empty: not checked) says whether
// the ingest journal takes writes (storage::IngestJournal::CheckWritable, thread-safe); /readyz
// answers 503 unless both are OK, its message naming the cause ("not ready: ingest journal file
// was deleted or moved").
http::Handler MakeReadyzHandler(ReadStore* store, std::function<Status()> journal_writable);
// `metrics` must outlive the handler.
http::Handler MakeMetricsHandler(const Metrics* metrics);

}  // namespace nagame::bot

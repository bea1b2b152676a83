// ReadUpstreams: everything the checks need from outside the store — rule definitions and
// metric names from Prometheus, silences from Alertmanager, the watch queries' samples, and
// the coverage catalog — read in one call, each part with its own availability.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "bot/config.h"
#include "bot/upstream/rule_sources.h"
#include "rules/check.h"
#include "rules/review_records.h"
#include "rules/time.h"

namespace nagame::bot {

// What the upstream servers said, ready to copy into a rules::CheckInput.
struct UpstreamSnapshot {
  std::vector<rules::DefinedRule> rules;  // alerting rules from Prometheus' /api/v1/rules
  rules::Availability rules_availability;
  std::vector<rules::Silence> silences;  // Alertmanager's /api/v2/silences
  rules::Availability silences_availability;
  std::set<std::string> prometheus_metrics;  // /api/v1/label/__name__/values
  rules::Availability prometheus_availability;
  std::vector<rules::WatchSeries> watch;     // one per configured watch query, in config order
  std::vector<rules::CatalogEntry> catalog;  // the built-in coverage catalog
  std::vector<RuleSourceRead> rule_sources;  // Grafana, New Relic, Azure: one per configured
};

// Reads Prometheus (`config.prometheus.url`), Alertmanager (`config.alertmanager.url`) and the
// rule lists of Grafana, New Relic and Azure (ReadRuleSources, each with its own status).
// Never fails as a whole: an empty url gives the part's availability "not configured"
// (kUnavailable); an unreachable or misbehaving server gives kUnavailable naming the server
// and the cause (dns, connect, tls, timeout, HTTP status, malformed answer). Each watch query
// runs over query_range covering rules::kWatchBaselineWindows windows before `window` and
// `window`, in the step WatchStep gives; a failed query carries its cause in its `status`
// (all of them "not configured" without Prometheus). A server that cannot be reached at all
// (dns, connect, tls, timeout) is asked once: its other parts carry the same cause. A watch
// query answering several series is an error (it must be aggregated to one). Prometheus and
// Alertmanager are read concurrently. Blocking: run it off the I/O threads.
UpstreamSnapshot ReadUpstreams(const Config& config, const rules::Window& window, Time now);

// The query_range step for `window`'s watch queries: the whole seconds that keep
// [window.Previous().from, window.to] at or under 2,000 points, at least 1 s. A series reads
// rules::kWatchBaselineWindows windows before `window` in that step (4,000 points at most).
Duration WatchStep(const rules::Window& window);

}  // namespace nagame::bot

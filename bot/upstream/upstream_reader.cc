// ReadUpstreams: Prometheus and Alertmanager read side by side, each failure kept to its part.
#include "bot/upstream/upstream_reader.h"

#include <future>

#include "bot/log.h"
#include "bot/upstream/alertmanager_client.h"
#include "bot/upstream/prometheus_client.h"
#include "rules/catalog.h"

namespace nagame::bot {
namespace {

// Points in the last two windows of a watch series (the charts and watch/change read those);
// the baseline windows before them add as many again per window, in the same step. Prometheus
// refuses more than 11,000 points per series.
constexpr int64_t kMaxWatchPoints = 2000;
static_assert(kMaxWatchPoints * (rules::kWatchBaselineWindows + 1) / 2 < 11000);

net::HttpClientOptions UpstreamHttpOptions(const Config& config) {
  return {.connect_timeout = std::chrono::seconds(5),
          .total_timeout = std::chrono::seconds(30),
          .max_response_bytes = 64 << 20,
          .ca_file = config.tls.ca_file};
}

rules::Availability Available(const Status& status) {
  rules::Availability a;
  a.status = status;
  return a;
}

// Whether `status` says the server could not be talked to at all (then the remaining
// requests would only wait out the same timeouts).
bool Unreachable(const Status& status) {
  const std::string& f = status.field();
  return f == "dns" || f == "connect" || f == "tls" || f == "timeout";
}

rules::WatchSeries ReadWatch(const PrometheusClient& prometheus, const WatchQuery& query,
                             const rules::Window& window) {
  rules::WatchSeries out{query.name, query.query, query.threshold, Status::Ok(), {}};
  out.min = query.min;
  out.max = query.max;
  const Time from = window.from - rules::kWatchBaselineWindows * window.length();
  const Duration step = WatchStep(window);
  auto series = prometheus.QueryRange(query.query, from, window.to, step);
  if (!series.ok()) {
    out.status = series.status();
  } else if (series->size() > 1) {
    out.status = Unavailable("returns " + std::to_string(series->size()) +
                             " series; a watch query must return one (aggregate it, e.g. "
                             "with sum or max)");
  } else if (series->size() == 1) {
    out.points = std::move(series->front().points);
  }
  return out;
}

struct PrometheusPart {
  std::vector<rules::DefinedRule> rules;
  Status rules_status;
  std::set<std::string> metrics;
  Status metrics_status;
  std::vector<rules::WatchSeries> watch;
};

PrometheusPart ReadPrometheus(const Config& config, const rules::Window& window) {
  PrometheusClient prometheus(config.prometheus.url, UpstreamHttpOptions(config));
  PrometheusPart out;
  auto defined = prometheus.AlertingRules();
  out.rules_status = defined.status();
  if (defined.ok()) out.rules = std::move(defined).value();
  const bool down = Unreachable(out.rules_status);
  auto names = down ? Result<std::set<std::string>>(out.rules_status) : prometheus.MetricNames();
  out.metrics_status = names.status();
  if (names.ok()) out.metrics = std::move(names).value();
  for (const WatchQuery& q : config.watch) {
    if (down) {
      out.watch.push_back({q.name, q.query, q.threshold, out.rules_status, {}});
    } else {
      out.watch.push_back(ReadWatch(prometheus, q, window));
    }
  }
  return out;
}

}  // namespace

Duration WatchStep(const rules::Window& window) {
  const int64_t span_seconds =
      std::chrono::ceil<std::chrono::seconds>(window.to - window.Previous().from).count();
  const int64_t step = (span_seconds + kMaxWatchPoints - 1) / kMaxWatchPoints;
  return std::chrono::seconds(std::max<int64_t>(1, step));
}

UpstreamSnapshot ReadUpstreams(const Config& config, const rules::Window& window, Time now) {
  (void)now;  // the servers answer as of their own clock; kept for a future cache
  UpstreamSnapshot out;
  if (const auto& catalog = rules::BuiltinCatalog(); catalog.ok()) {
    out.catalog = *catalog;
  } else {
    LogError("coverage_catalog_invalid", {{"error", catalog.status().message()}});
  }
  std::future<Result<std::vector<rules::Silence>>> silences;
  if (!config.alertmanager.url.empty()) {
    silences = std::async(std::launch::async, [&config] {
      return AlertmanagerClient(config.alertmanager.url, UpstreamHttpOptions(config)).Silences();
    });
  }
  std::future<std::vector<RuleSourceRead>> rule_sources = std::async(std::launch::async, [&config] {
    return ReadRuleSources(config, UpstreamHttpOptions(config));
  });
  if (config.prometheus.url.empty()) {
    for (const WatchQuery& q : config.watch) {
      out.watch.push_back({q.name, q.query, q.threshold, rules::Availability().status, {}});
    }
  } else {
    PrometheusPart part = ReadPrometheus(config, window);
    out.rules = std::move(part.rules);
    out.rules_availability = Available(part.rules_status);
    out.prometheus_metrics = std::move(part.metrics);
    out.prometheus_availability = Available(part.metrics_status);
    out.watch = std::move(part.watch);
  }
  out.rule_sources = rule_sources.get();
  if (silences.valid()) {
    auto got = silences.get();
    out.silences_availability = Available(got.status());
    if (got.ok()) out.silences = std::move(got).value();
  }
  return out;
}

}  // namespace nagame::bot

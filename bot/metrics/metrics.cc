// Metric families rendered in the Prometheus text exposition format 0.0.4.
#include "bot/metrics/metrics.h"

#include <charconv>
#include <cmath>

namespace nagame::bot {
namespace {

std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  return std::string(buf, ec == std::errc() ? end : buf);
}

void Header(std::string* out, const std::string& name, const std::string& help, const char* type) {
  *out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

std::string Labels(const std::vector<std::string>& names, const std::vector<std::string>& values,
                   const std::string& extra = {}) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (!out.empty()) out += ',';
    out += names[i] + "=\"" + EscapeLabelValue(values[i]) + "\"";
  }
  if (!extra.empty()) {
    if (!out.empty()) out += ',';
    out += extra;
  }
  return out.empty() ? "" : "{" + out + "}";
}

}  // namespace

std::string EscapeLabelValue(const std::string& v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

CounterFamily::CounterFamily(std::string name, std::string help, std::vector<std::string> labels)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(labels)) {}

void CounterFamily::Add(const std::vector<std::string>& label_values, double amount) {
  std::lock_guard lock(mu_);
  values_[label_values] += amount;
}

double CounterFamily::Value(const std::vector<std::string>& label_values) const {
  std::lock_guard lock(mu_);
  auto it = values_.find(label_values);
  return it == values_.end() ? 0 : it->second;
}

void CounterFamily::Render(std::string* out) const {
  Header(out, name_, help_, "counter");
  std::lock_guard lock(mu_);
  for (const auto& [labels, value] : values_) {
    *out += name_ + Labels(label_names_, labels) + " " + FormatValue(value) + "\n";
  }
}

Histogram::Histogram(std::string name, std::string help, std::vector<double> bounds)
    : name_(std::move(name)),
      help_(std::move(help)),
      bounds_(std::move(bounds)),
      buckets_(bounds_.size() + 1, 0) {}

void Histogram::Observe(double value) {
  size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  std::lock_guard lock(mu_);
  ++buckets_[i];
  sum_ += value;
  ++count_;
}

uint64_t Histogram::Count() const {
  std::lock_guard lock(mu_);
  return count_;
}

void Histogram::Render(std::string* out) const {
  Header(out, name_, help_, "histogram");
  std::lock_guard lock(mu_);
  uint64_t cumulative = 0;
  for (size_t i = 0; i < bounds_.size(); ++i) {
    cumulative += buckets_[i];
    *out += name_ + "_bucket{le=\"" + FormatValue(bounds_[i]) + "\"} " +
            std::to_string(cumulative) + "\n";
  }
  cumulative += buckets_.back();
  *out += name_ + "_bucket{le=\"+Inf\"} " + std::to_string(cumulative) + "\n";
  *out += name_ + "_sum " + FormatValue(sum_) + "\n";
  *out += name_ + "_count " + std::to_string(count_) + "\n";
}

namespace {
const std::vector<double> kLatencyBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                             0.05,   0.1,   0.25,   0.5,   1,    2.5};
}

Metrics::Metrics()
    : http_requests("nagame_http_requests_total", "HTTP requests answered.",
                    {"method", "route", "code"}),
      http_duration("nagame_http_request_duration_seconds",
                    "Time from request read to response written.", kLatencyBuckets),
      alerts_ingested("nagame_alerts_ingested_total",
                      "Alert notifications durably recorded, by source.", {"source"}),
      deliveries("nagame_webhook_deliveries_total", "Webhook deliveries by source and outcome.",
                 {"source", "result"}),
      episode_actions("nagame_episode_actions_total",
                      "What each recorded notification did to its episode.", {"action"}),
      ingest_duration("nagame_ingest_duration_seconds",
                      "Time from a delivery's parse to its commit.", kLatencyBuckets),
      ingest_batch_size("nagame_ingest_batch_deliveries",
                        "Deliveries committed together in one transaction.",
                        {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}),
      storage_errors("nagame_storage_errors_total", "Storage operations that failed.",
                     {"operation"}),
      journal("nagame_ingest_journal_total",
              "Ingest journal entries: journaled (acknowledged before their episodes were built), "
              "replayed (episodes built), failed (could not be applied; kept).",
              {"event"}) {}

void Metrics::AddGauge(GaugeFunc gauge) {
  std::lock_guard lock(mu_);
  gauges_.push_back(std::move(gauge));
}

std::string Metrics::Render() const {
  std::string out;
  http_requests.Render(&out);
  http_duration.Render(&out);
  alerts_ingested.Render(&out);
  deliveries.Render(&out);
  episode_actions.Render(&out);
  ingest_duration.Render(&out);
  ingest_batch_size.Render(&out);
  storage_errors.Render(&out);
  journal.Render(&out);
  std::lock_guard lock(mu_);
  for (const GaugeFunc& g : gauges_) {
    Header(&out, g.name, g.help, "gauge");
    out += g.name + " " + FormatValue(g.read()) + "\n";
  }
  return out;
}

}  // namespace nagame::bot

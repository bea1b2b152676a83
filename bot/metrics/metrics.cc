// The metrics on prometheus-cpp's core library: its counters and histograms, its serializer.
#include "bot/metrics/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace nagame::bot {
namespace {

const std::vector<double> kLatencyBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                             0.05,   0.1,   0.25,   0.5,   1,    2.5};

}  // namespace

CounterFamily::CounterFamily(prometheus::Registry& registry, const std::string& name,
                             const std::string& help, std::vector<std::string> label_names)
    : family_(&prometheus::BuildCounter().Name(name).Help(help).Register(registry)),
      label_names_(std::move(label_names)) {}

void CounterFamily::Add(const std::vector<std::string>& label_values, double amount) {
  prometheus::Counter* counter;
  {
    std::lock_guard lock(mu_);
    prometheus::Counter*& series = series_[label_values];
    if (series == nullptr) {
      prometheus::Labels labels;
      for (size_t i = 0; i < label_names_.size() && i < label_values.size(); ++i) {
        labels.emplace(label_names_[i], label_values[i]);
      }
      series = &family_->Add(labels);
    }
    counter = series;
  }
  counter->Increment(amount);
}

double CounterFamily::Value(const std::vector<std::string>& label_values) const {
  std::lock_guard lock(mu_);
  auto it = series_.find(label_values);
  return it == series_.end() ? 0 : it->second->Value();
}

Histogram::Histogram(prometheus::Registry& registry, const std::string& name,
                     const std::string& help, const std::vector<double>& bounds)
    : histogram_(
          &prometheus::BuildHistogram().Name(name).Help(help).Register(registry).Add({}, bounds)) {}

void Histogram::Observe(double value) { histogram_->Observe(value); }

uint64_t Histogram::Count() const { return histogram_->Collect().histogram.sample_count; }

Metrics::Metrics()
    : registry_(std::make_unique<prometheus::Registry>()),
      http_requests(*registry_, "nagame_http_requests_total", "HTTP requests answered.",
                    {"method", "route", "code"}),
      http_duration(*registry_, "nagame_http_request_duration_seconds",
                    "Time from request read to response written.", kLatencyBuckets),
      alerts_ingested(*registry_, "nagame_alerts_ingested_total",
                      "Alert notifications durably recorded, by source.", {"source"}),
      deliveries(*registry_, "nagame_webhook_deliveries_total",
                 "Webhook deliveries by source and outcome.", {"source", "result"}),
      episode_actions(*registry_, "nagame_episode_actions_total",
                      "What each recorded notification did to its episode.", {"action"}),
      ingest_duration(*registry_, "nagame_ingest_duration_seconds",
                      "Time from a delivery's parse to its commit.", kLatencyBuckets),
      ingest_batch_size(*registry_, "nagame_ingest_batch_deliveries",
                        "Deliveries committed together in one transaction.",
                        {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}),
      storage_errors(*registry_, "nagame_storage_errors_total", "Storage operations that failed.",
                     {"operation"}),
      journal(*registry_, "nagame_ingest_journal_total",
              "Ingest journal entries: journaled (acknowledged before their episodes were built), "
              "replayed (episodes built), failed (could not be applied; kept).",
              {"event"}) {}

Metrics::~Metrics() = default;

void Metrics::AddGauge(GaugeFunc gauge) {
  std::lock_guard lock(mu_);
  gauges_.push_back(std::move(gauge));
}

std::string Metrics::Render() const {
  std::vector<prometheus::MetricFamily> families = registry_->Collect();
  {
    // Gauges read at scrape time are families of our own, serialized like the registry's.
    std::lock_guard lock(mu_);
    for (const GaugeFunc& g : gauges_) {
      prometheus::ClientMetric sample;
      sample.gauge.value = g.read();
      families.push_back({g.name, g.help, prometheus::MetricType::Gauge, {std::move(sample)}});
    }
  }
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace nagame::bot

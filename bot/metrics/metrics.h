// Prometheus-text-format metrics: labelled counters, gauges read at scrape time, histograms.
//
// Thread-safe: every method may be called from any thread.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace nagame::bot {

class CounterFamily {
 public:
  CounterFamily(std::string name, std::string help, std::vector<std::string> label_names);
  // REQUIRES: label_values.size() == label_names.size()
  void Add(const std::vector<std::string>& label_values, double amount = 1);
  double Value(const std::vector<std::string>& label_values) const;
  void Render(std::string* out) const;

 private:
  std::string name_, help_;
  std::vector<std::string> label_names_;
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, double> values_;
};

class Histogram {
 public:
  // `bounds` are the upper bounds of the buckets, ascending; +Inf is implicit.
  Histogram(std::string name, std::string help, std::vector<double> bounds);
  void Observe(double value);
  uint64_t Count() const;
  void Render(std::string* out) const;

 private:
  std::string name_, help_;
  std::vector<double> bounds_;
  mutable std::mutex mu_;
  std::vector<uint64_t> buckets_;  // non-cumulative counts per bound, last = +Inf
  double sum_ = 0;
  uint64_t count_ = 0;
};

// A gauge whose value is computed when scraped (e.g. open episodes from storage).
struct GaugeFunc {
  std::string name, help;
  std::function<double()> read;  // may return NaN when the value is unavailable
};

// Everything /metrics exposes.
class Metrics {
 public:
  Metrics();
  CounterFamily http_requests;    // nagame_http_requests_total{method,route,code}
  Histogram http_duration;        // nagame_http_request_duration_seconds
  CounterFamily alerts_ingested;  // nagame_alerts_ingested_total{source}
  CounterFamily deliveries;       // nagame_webhook_deliveries_total{source,result}
  CounterFamily episode_actions;  // nagame_episode_actions_total{action}
  Histogram ingest_duration;      // nagame_ingest_duration_seconds (parse → committed)
  Histogram ingest_batch_size;    // nagame_ingest_batch_deliveries
  CounterFamily storage_errors;   // nagame_storage_errors_total{operation}
  CounterFamily journal;          // nagame_ingest_journal_total{event}

  void AddGauge(GaugeFunc gauge);
  std::string Render() const;

 private:
  mutable std::mutex mu_;
  std::vector<GaugeFunc> gauges_;
};

// Escapes a label value for the text format (backslash, quote, newline).
std::string EscapeLabelValue(const std::string& v);

}  // namespace nagame::bot

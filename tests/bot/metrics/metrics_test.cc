// Tests for the metrics /metrics exposes and their Prometheus text rendering.
#include "bot/metrics/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

namespace nagame::bot {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(Metrics, RendersCountersHistogramsAndGauges) {
  Metrics m;
  m.http_requests.Add({"POST", "/webhooks/{source}", "200"});
  m.http_requests.Add({"POST", "/webhooks/{source}", "200"});
  m.alerts_ingested.Add({"alertmanager"}, 10);
  m.ingest_duration.Observe(0.003);
  m.ingest_duration.Observe(2);
  m.AddGauge({"nagame_open_episodes", "Episodes currently firing.", [] { return 7.0; }});
  std::string text = m.Render();
  EXPECT_THAT(text, HasSubstr("# HELP nagame_http_requests_total HTTP requests answered.\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE nagame_http_requests_total counter\n"));
  // Labels come sorted by name.
  EXPECT_THAT(text, HasSubstr("nagame_http_requests_total{code=\"200\",method=\"POST\","
                              "route=\"/webhooks/{source}\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("nagame_alerts_ingested_total{source=\"alertmanager\"} 10\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE nagame_ingest_duration_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("nagame_ingest_duration_seconds_bucket{le=\"0.0025\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("nagame_ingest_duration_seconds_bucket{le=\"0.005\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("nagame_ingest_duration_seconds_bucket{le=\"2.5\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("nagame_ingest_duration_seconds_bucket{le=\"+Inf\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("nagame_ingest_duration_seconds_sum 2.003\n"));
  EXPECT_THAT(text, HasSubstr("nagame_ingest_duration_seconds_count 2\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE nagame_open_episodes gauge\n"));
  EXPECT_THAT(text, HasSubstr("nagame_open_episodes 7\n"));
  // Histograms are exposed before their first observation; counters from their first series.
  EXPECT_THAT(text, HasSubstr("nagame_ingest_batch_deliveries_count 0\n"));
  EXPECT_EQ(m.ingest_duration.Count(), 2u);
  EXPECT_THAT(text, Not(HasSubstr("nagame_storage_errors_total")));
}

TEST(Metrics, GaugesAreReadAtEveryScrape) {
  Metrics m;
  double value = 1;
  m.AddGauge({"nagame_ingest_journal_backlog", "Backlog.", [&value] { return value; }});
  EXPECT_THAT(m.Render(), HasSubstr("nagame_ingest_journal_backlog 1\n"));
  value = 42;
  EXPECT_THAT(m.Render(), HasSubstr("nagame_ingest_journal_backlog 42\n"));
}

TEST(Metrics, UnavailableGaugeRendersAsNaN) {
  Metrics m;
  m.AddGauge({"nagame_open_episodes", "Episodes currently firing.", [] { return std::nan(""); }});
  std::string text = m.Render();
  const std::string prefix = "\nnagame_open_episodes ";
  size_t at = text.find(prefix);
  ASSERT_NE(at, std::string::npos) << text;
  std::string value = text.substr(at + prefix.size(), text.find('\n', at + 1) - at - prefix.size());
  // prometheus-cpp writes "Nan"; Prometheus (Go's ParseFloat) reads NaN case-insensitively.
  EXPECT_TRUE(std::isnan(std::strtod(value.c_str(), nullptr))) << value;
}

TEST(Metrics, EscapesLabelValues) {
  Metrics m;
  m.deliveries.Add({"a\"b\\c\nd", "ok"});
  EXPECT_THAT(m.Render(), HasSubstr("nagame_webhook_deliveries_total{result=\"ok\","
                                    "source=\"a\\\"b\\\\c\\nd\"} 1\n"));
}

TEST(Metrics, CounterValuesAndNegativeAmounts) {
  Metrics m;
  EXPECT_EQ(m.journal.Value({"journaled"}), 0);
  EXPECT_THAT(m.Render(), Not(HasSubstr("nagame_ingest_journal_total")));  // reading adds nothing
  m.journal.Add({"journaled"}, 3);
  m.journal.Add({"journaled"}, -1);  // counters only go up
  m.journal.Add({"replayed"});
  EXPECT_EQ(m.journal.Value({"journaled"}), 3);
  EXPECT_EQ(m.journal.Value({"replayed"}), 1);
  EXPECT_THAT(m.Render(), HasSubstr("nagame_ingest_journal_total{event=\"journaled\"} 3\n"));
}

}  // namespace
}  // namespace nagame::bot

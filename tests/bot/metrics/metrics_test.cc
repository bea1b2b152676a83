// Tests for the Prometheus text rendering of metrics.
#include "bot/metrics/metrics.h"

#include <gtest/gtest.h>

namespace nagame::bot {
namespace {

TEST(Metrics, RendersCountersHistogramsAndGauges) {
  Metrics m;
  m.http_requests.Add({"POST", "/webhooks/{source}", "200"});
  m.http_requests.Add({"POST", "/webhooks/{source}", "200"});
  m.alerts_ingested.Add({"alertmanager"}, 10);
  m.ingest_duration.Observe(0.003);
  m.ingest_duration.Observe(2);
  m.AddGauge({"nagame_open_episodes", "Episodes currently firing.", [] { return 7.0; }});
  std::string text = m.Render();
  EXPECT_NE(text.find("# TYPE nagame_http_requests_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("nagame_http_requests_total{method=\"POST\",route=\"/webhooks/{source}\","
                      "code=\"200\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("nagame_alerts_ingested_total{source=\"alertmanager\"} 10\n"),
            std::string::npos);
  EXPECT_NE(text.find("nagame_ingest_duration_seconds_bucket{le=\"0.005\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("nagame_ingest_duration_seconds_bucket{le=\"+Inf\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("nagame_ingest_duration_seconds_count 2\n"), std::string::npos);
  EXPECT_NE(text.find("nagame_open_episodes 7\n"), std::string::npos);
}

TEST(Metrics, EscapesLabelValues) { EXPECT_EQ(EscapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd"); }

}  // namespace
}  // namespace nagame::bot

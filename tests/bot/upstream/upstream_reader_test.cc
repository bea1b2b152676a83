// ReadUpstreams against scripted loopback servers: what it asks for, what it returns, and how
// each failure (not configured, unreachable, HTTP 500, malformed JSON) ends up in the part's
// availability without touching the others.
#include "bot/upstream/upstream_reader.h"

#include <gtest/gtest.h>

#include "tests/support/process.h"
#include "tests/support/tls_test_server.h"

namespace nagame::bot {
namespace {

using namespace std::chrono_literals;
using testing::ScriptedResponse;
using testing::TlsTestServer;

constexpr char kRules[] = R"({"status":"success","data":{"groups":[{"name":"g","file":"r.yml",
    "rules":[{"type":"alerting","name":"QueueBacklog","query":"sum(queue_depth) > 10",
              "duration":60,"labels":{},"annotations":{}}]}]}})";
constexpr char kNames[] = R"({"status":"success","data":["queue_depth","up"]})";
constexpr char kMatrix[] = R"({"status":"success","data":{"resultType":"matrix","result":[
    {"metric":{},"values":[[1764000000,"1"],[1764000605,"2"]]}]}})";
constexpr char kSilences[] = R"([{"id":"s1","status":{"state":"active"},"comment":"JIRA-1",
    "createdBy":"kai","startsAt":"2026-11-20T10:00:00Z","endsAt":"2026-12-20T10:00:00Z",
    "matchers":[{"name":"alertname","value":"QueueBacklog","isRegex":false,"isEqual":true}]}])";

const rules::Window kWeek = {Time(1764547200s), Time(1764547200s + std::chrono::days(7))};

std::unique_ptr<TlsTestServer> PlainServer() {
  auto server = TlsTestServer::Start({.tls = false});
  EXPECT_TRUE(server.ok()) << server.status().ToString();
  return server.ok() ? std::move(server).value() : nullptr;
}

ScriptedResponse Ok(const char* body) {
  return {.headers = {{"Content-Type", "application/json"}}, .body = body};
}

Config WithWatch() {
  Config config;
  config.watch = {{"queue depth", "sum(queue_depth)", 100.0}};
  return config;
}

TEST(ReadUpstreams, NothingConfiguredMeansNotConfigured) {
  UpstreamSnapshot s = ReadUpstreams(WithWatch(), kWeek, kWeek.to);
  for (const rules::Availability* a :
       {&s.rules_availability, &s.silences_availability, &s.prometheus_availability}) {
    EXPECT_EQ(a->status.code(), Code::kUnavailable);
    EXPECT_EQ(a->status.message(), "not configured");
  }
  ASSERT_EQ(s.watch.size(), 1u);
  EXPECT_EQ(s.watch[0].name, "queue depth");
  EXPECT_EQ(s.watch[0].status.message(), "not configured");
  EXPECT_GE(s.catalog.size(), 15u);
}

TEST(ReadUpstreams, ReadsRulesMetricsWatchAndSilences) {
  auto prometheus = PlainServer();
  auto alertmanager = PlainServer();
  ASSERT_TRUE(prometheus && alertmanager);
  prometheus->Enqueue(Ok(kRules));
  prometheus->Enqueue(Ok(kNames));
  prometheus->Enqueue(Ok(kMatrix));
  alertmanager->Enqueue(Ok(kSilences));
  Config config = WithWatch();
  config.prometheus.url = prometheus->url("", "127.0.0.1");
  config.alertmanager.url = alertmanager->url("/", "127.0.0.1");  // a trailing slash is fine

  UpstreamSnapshot s = ReadUpstreams(config, kWeek, kWeek.to);
  ASSERT_TRUE(s.rules_availability.ok()) << s.rules_availability.status.ToString();
  ASSERT_TRUE(s.prometheus_availability.ok()) << s.prometheus_availability.status.ToString();
  ASSERT_TRUE(s.silences_availability.ok()) << s.silences_availability.status.ToString();
  ASSERT_EQ(s.rules.size(), 1u);
  EXPECT_EQ(s.rules[0].definition.name, "QueueBacklog");
  EXPECT_EQ(s.prometheus_metrics, (std::set<std::string>{"queue_depth", "up"}));
  ASSERT_EQ(s.silences.size(), 1u);
  EXPECT_EQ(s.silences[0].comment, "JIRA-1");
  ASSERT_EQ(s.watch.size(), 1u);
  EXPECT_TRUE(s.watch[0].status.ok()) << s.watch[0].status.ToString();
  EXPECT_EQ(s.watch[0].threshold, 100.0);
  EXPECT_EQ(s.watch[0].points.size(), 2u);

  std::vector<testing::RecordedRequest> asked = prometheus->Requests();
  ASSERT_EQ(asked.size(), 3u);
  EXPECT_EQ(asked[0].target, "/api/v1/rules?type=alert");
  EXPECT_EQ(asked[1].target, "/api/v1/label/__name__/values");
  // Three weeks before this one (the previous week and the anomaly baseline) and this one, in
  // steps of 605 s: at most 2,000 points in the last two weeks, 4,000 in all.
  EXPECT_EQ(asked[2].target, "/api/v1/query_range?query=sum%28queue_depth%29&start=" +
                                 std::to_string(1763942400 - 2 * 604800) +
                                 ".000"
                                 "&end=1765152000.000&step=605.000");
  EXPECT_EQ(alertmanager->Requests().at(0).target, "/api/v2/silences");
}

TEST(ReadUpstreams, FailuresStayInTheirPart) {
  auto closed_port = testing::PickFreeLoopbackPort();
  ASSERT_TRUE(closed_port.ok());
  struct Case {
    const char* name;
    std::optional<ScriptedResponse> answer;  // nullopt: nothing listens
    const char* cause;
  };
  const Case cases[] = {
      {"unreachable", std::nullopt, ": connect: http://127.0.0.1:"},
      {"HTTP 500 with Prometheus' error",
       ScriptedResponse{.status = 500,
                        .body = R"({"status":"error","errorType":"internal","error":"boom"})"},
       ": HTTP 500: internal: boom"},
      {"HTTP 502 from a proxy", ScriptedResponse{.status = 502, .body = "<html>Bad\ngateway"},
       ": HTTP 502: <html>Bad gateway"},
      {"malformed JSON", ScriptedResponse{.body = "{\"status\":"},
       ": malformed answer: invalid JSON at byte"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto server = PlainServer();
    ASSERT_TRUE(server);
    Config config = WithWatch();
    if (c.answer) {
      server->SetDefault(*c.answer);
      config.prometheus.url = server->url("", "127.0.0.1");
    } else {
      config.prometheus.url = "http://127.0.0.1:" + std::to_string(*closed_port);
    }
    UpstreamSnapshot s = ReadUpstreams(config, kWeek, kWeek.to);
    EXPECT_EQ(s.rules_availability.status.code(), Code::kUnavailable);
    EXPECT_EQ(s.rules_availability.status.message().rfind("GET /api/v1/rules: ", 0), 0u)
        << s.rules_availability.status.message();
    for (const Status* st :
         {&s.rules_availability.status, &s.prometheus_availability.status, &s.watch.at(0).status}) {
      EXPECT_NE(st->message().find(c.cause), std::string::npos) << st->message();
    }
    // Alertmanager was not configured; its part says so, whatever Prometheus did.
    EXPECT_EQ(s.silences_availability.status.message(), "not configured");
    // An unreachable server is asked once; one that answers is asked for every part.
    if (c.answer) {
      EXPECT_EQ(server->Requests().size(), 3u);
    }
  }
}

TEST(ReadUpstreams, WatchQueriesFailOneByOne) {
  auto server = PlainServer();
  ASSERT_TRUE(server);
  server->Enqueue(Ok(kRules));
  server->Enqueue(Ok(kNames));
  server->Enqueue({.status = 400,
                   .body = R"({"status":"error","errorType":"bad_data","error":"parse error"})"});
  server->Enqueue(Ok(R"({"status":"success","data":{"resultType":"matrix","result":[
      {"metric":{"a":"1"},"values":[]},{"metric":{"a":"2"},"values":[]}]}})"));
  server->Enqueue(Ok(R"({"status":"success","data":{"resultType":"matrix","result":[]}})"));
  Config config;
  config.prometheus.url = server->url("", "127.0.0.1");
  config.watch = {
      {"broken", "sum(", 1.0}, {"two series", "queue_depth", 1.0}, {"no data", "x", {}}};
  UpstreamSnapshot s = ReadUpstreams(config, kWeek, kWeek.to);
  EXPECT_TRUE(s.rules_availability.ok());
  ASSERT_EQ(s.watch.size(), 3u);
  EXPECT_EQ(s.watch[0].status.message(),
            "GET /api/v1/query_range: HTTP 400: bad_data: parse error");
  EXPECT_NE(s.watch[1].status.message().find("returns 2 series"), std::string::npos);
  EXPECT_TRUE(s.watch[2].status.ok());
  EXPECT_TRUE(s.watch[2].points.empty());
}

TEST(WatchStep, KeepsEverySeriesUnder2000Points) {
  struct Case {
    Duration length;
    Duration step;
  };
  const Case cases[] = {{std::chrono::days(7), 605s},
                        {std::chrono::days(1), 87s},
                        {60s, 1s},
                        {1000s, 1s},
                        {1001s, 2s}};
  for (const Case& c : cases) {
    rules::Window w{kWeek.from, kWeek.from + c.length};
    EXPECT_EQ(WatchStep(w), c.step) << c.length.count();
    EXPECT_LE((w.to - w.Previous().from) / WatchStep(w), 2000);
  }
}

}  // namespace
}  // namespace nagame::bot

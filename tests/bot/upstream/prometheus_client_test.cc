// Decoding Prometheus API answers: the good shapes, and every malformed one
// refused with the field that is wrong.
#include <gtest/gtest.h>

#include <cmath>

#include "bot/upstream/prometheus_client.h"

namespace nagame::bot {
namespace {

using namespace std::chrono_literals;

nlohmann::json Json(const char* text) { return nlohmann::json::parse(text); }

TEST(PrometheusAnswers, RulesKeepAlertingRulesWithTheirDefinition) {
  auto rules = ParseRulesAnswer(Json(R"({"status":"success","data":{"groups":[
      {"name":"node","file":"/etc/prometheus/node.yml","interval":60,"rules":[
        {"type":"recording","name":"job:up:sum","query":"count by (job) (up) > 0","health":"ok"},
        {"type":"alerting","name":"NodeDown","query":"up{job=\"node\"} == 0","duration":300,
         "keepFiringFor":60,"labels":{"severity":"page"},
         "annotations":{"summary":"{{ $labels.instance }} down"},"alerts":[],"health":"ok"}]
},
      {"name":"empty","file":"/etc/prometheus/e.yml","rules":[]}]
}
})"),
                                "/api/v1/rules");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ASSERT_EQ(rules->size(), 1u);
  const rules::RuleDefinition& d = rules->at(0).definition;
  EXPECT_EQ(d.name, "NodeDown");
  EXPECT_EQ(d.group, "node");
  EXPECT_EQ(d.file, "/etc/prometheus/node.yml");
  EXPECT_EQ(d.expr, "up{job=\"node\"} == 0");
  EXPECT_EQ(d.for_duration, 300s);
  EXPECT_EQ(d.keep_firing_for, 60s);
  EXPECT_EQ(d.labels.at("severity"), "page");
  EXPECT_EQ(d.annotations.at("summary"), "{{ $labels.instance }} down");
  EXPECT_EQ(rules->at(0).defined_since, Time{});
}

TEST(PrometheusAnswers, MalformedAnswersNameTheCause) {
  struct Case {
    const char* name;
    const char* body;
    int which;  // 0 rules, 1 label values, 2 query_range
    const char* message;
  };
  const Case cases[] = {
      {"error envelope", R"({"status":"error","errorType":"bad_data","error":"parse error"})", 2,
       "GET /api/v1/query_range: bad_data: parse error"},
      // Found by tests/fuzz/upstream_answer_fuzz: the message ended at "GET …: ".
      {"error envelope without text", R"({"status":"error"})", 2,
       "GET /api/v1/query_range: error answer without errorType or error"},
      {"not an object", "[]", 0, "GET /api/v1/rules: malformed answer: must be an object"},
      {"unknown status", R"({"status":"maybe","data":{}})", 0,
       "GET /api/v1/rules: malformed answer: status: must be \"success\" or \"error\""},
      {"no data", R"({"status":"success"})", 1,
       "GET /api/v1/label/__name__/values: malformed answer: data: is required"},
      {"groups not a list", R"({"status":"success","data":{"groups":{}}})", 0,
       "GET /api/v1/rules: malformed answer: data.groups: must be an array"},
      {"query not a string",
       R"({"status":"success","data":{"groups":[{"name":"g","rules":[
           {"type":"alerting","name":"A","query":5}]}]}})",
       0, "GET /api/v1/rules: malformed answer: data.groups[0].rules[0].query: must be a string"},
      {"negative duration",
       R"({"status":"success","data":{"groups":[{"name":"g","rules":[
           {"type":"alerting","name":"A","query":"up","duration":-1}]}]}})",
       0, "data.groups[0].rules[0].duration: must be a non-negative number of seconds"},
      {"label value not a string",
       R"({"status":"success","data":{"groups":[{"name":"g","rules":[
           {"type":"alerting","name":"A","query":"up","labels":{"a":1}}]}]}})",
       0, "data.groups[0].rules[0].labels"},
      {"metric name not a string", R"({"status":"success","data":["up",3]})", 1,
       "GET /api/v1/label/__name__/values: malformed answer: data[1]: must be a string"},
      {"vector, not matrix", R"({"status":"success","data":{"resultType":"vector","result":[]}})",
       2, "data.resultType: is \"vector\", not \"matrix\""},
      {"sample not a pair",
       R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1]]}]}})",
       2, "data.result[0].values[0]: must be [<unix seconds>, \"<value>\"]"},
      {"sample value not a number",
       R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"x"]]}]}})",
       2, "data.result[0].values[0]: value is not a number"},
      {"samples out of order",
       R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[2,"1"],[1,"1"]]}]}})",
       2, "data.result[0].values[1]: samples out of time order"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    nlohmann::json body = Json(c.body);
    Status st = c.which == 0 ? ParseRulesAnswer(body, "/api/v1/rules").status()
                : c.which == 1
                    ? ParseLabelValuesAnswer(body, "/api/v1/label/__name__/values").status()
                    : ParseQueryRangeAnswer(body, "/api/v1/query_range?query=x").status();
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.code(), Code::kUnavailable);
    EXPECT_NE(st.message().find(c.message), std::string::npos) << st.message();
  }
}

TEST(PrometheusAnswers, RangeSamplesKeepSpecialValues) {
  auto series =
      ParseQueryRangeAnswer(Json(R"({"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{"job":"api"},"values":[[1700000000,"1.5"],[1700000015.5,"NaN"],
                                            [1700000031,"+Inf"],[1700000046,"-Inf"]]}]}})"),
                            "/api/v1/query_range");
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  ASSERT_EQ(series->size(), 1u);
  const auto& points = series->at(0).points;
  ASSERT_EQ(points.size(), 4u);
  EXPECT_EQ(series->at(0).labels.at("job"), "api");
  EXPECT_EQ(points[0].first, Time(1700000000s));
  EXPECT_EQ(points[1].first, Time(1700000015500ms));
  EXPECT_EQ(points[0].second, 1.5);
  EXPECT_TRUE(std::isnan(points[1].second));
  EXPECT_EQ(points[2].second, HUGE_VAL);
  EXPECT_EQ(points[3].second, -HUGE_VAL);
}

TEST(PrometheusAnswers, ErrorText) {
  EXPECT_EQ(PrometheusErrorText(Json(R"({"status":"error","errorType":"timeout","error":"x"})")),
            "timeout: x");
  EXPECT_EQ(PrometheusErrorText(Json(R"({"status":"error","error":"x"})")), "x");
  EXPECT_EQ(PrometheusErrorText(Json("[]")), "");
}

}  // namespace
}  // namespace nagame::bot

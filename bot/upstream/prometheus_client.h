// Reads Prometheus' HTTP API: alerting rules (/api/v1/rules), metric names
// (/api/v1/label/__name__/values) and range queries (/api/v1/query_range). The answer parsers
// are pure functions, usable on captured bodies; every answer is decoded defensively.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/net/http_client.h"
#include "rules/alert_event.h"
#include "rules/check.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot {

// One series of a range query: its labels and samples in time order. Values are as
// Prometheus wrote them, "NaN" and "±Inf" included.
struct PromSeries {
  rules::Labels labels;
  std::vector<std::pair<Time, double>> points;
};

// Thread-safe (stateless apart from its settings).
class PrometheusClient {
 public:
  // `base_url`: "http(s)://host:port[/prefix]", as in the config's prometheus.url.
  PrometheusClient(std::string base_url, net::HttpClientOptions options);

  // The alerting rules it evaluates (recording rules are left out), each with its group and
  // file; `line` is 0 (the API does not say), `defined_since` unset (the caller knows it).
  // Errors: kUnavailable "GET /api/v1/rules: <cause>" (see GetJson in json_api.h; Prometheus'
  // own errors read "<errorType>: <error>").
  Result<std::vector<rules::DefinedRule>> AlertingRules() const;

  // Every metric name that has series in its TSDB head and blocks. Errors: as AlertingRules.
  Result<std::set<std::string>> MetricNames() const;

  // /api/v1/query_range of `promql` over [start, end] every `step`. REQUIRES: step > 0.
  // Errors: as AlertingRules ("GET /api/v1/query_range: bad_data: 1:5: parse error: …").
  Result<std::vector<PromSeries>> QueryRange(const std::string& promql, Time start, Time end,
                                             Duration step) const;

 private:
  std::string base_url_;
  net::HttpClient http_;
};

// The parsers behind the client, on an answer's parsed JSON body (HTTP 2xx). `target` names
// the request in error messages. Errors: kUnavailable "<request>: <errorType>: <error>" for an
// answer with "status": "error", or "<request>: malformed answer: <field>: <problem>" for invalid
// JSON, a missing field or a wrong type (e.g. "data.groups[0].rules[2].query: must be a
// string").
Result<std::vector<rules::DefinedRule>> ParseRulesAnswer(const nlohmann::json& body,
                                                         std::string_view target);
Result<std::set<std::string>> ParseLabelValuesAnswer(const nlohmann::json& body,
                                                     std::string_view target);
// Also refuses an answer whose resultType is not "matrix".
Result<std::vector<PromSeries>> ParseQueryRangeAnswer(const nlohmann::json& body,
                                                      std::string_view target);

// Prometheus' error text in an error answer ("bad_data: parse error …"), or "".
std::string PrometheusErrorText(const nlohmann::json& body);

}  // namespace nagame::bot

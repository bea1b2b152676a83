// Prometheus HTTP API client and the decoders of its answers.
#include "bot/upstream/prometheus_client.h"

#include <cmath>
#include <cstdlib>

#include "bot/sources/json_input.h"
#include "bot/upstream/json_api.h"

namespace nagame::bot {
namespace {

namespace ji = json_input;
using nlohmann::json;

constexpr char kRulesTarget[] = "/api/v1/rules?type=alert";
constexpr char kMetricNamesTarget[] = "/api/v1/label/__name__/values";

std::string Index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// The `data` of a {"status": "success", "data": …} envelope.
Result<const json*> Data(const json& body, std::string_view target) {
  if (!body.is_object()) return MalformedAnswer(target, InvalidArgument("must be an object"));
  auto status = ji::String(body, "status", "", true);
  if (!status.ok()) return MalformedAnswer(target, status.status());
  if (*status == "error") {
    const std::string text = PrometheusErrorText(body);
    return Unavailable(RequestName(target) + ": " +
                       (text.empty() ? "error answer without errorType or error" : text));
  }
  if (*status != "success") {
    return MalformedAnswer(target, InvalidArgument("must be \"success\" or \"error\"", "status"));
  }
  auto data = body.find("data");
  if (data == body.end() || data->is_null()) {
    return MalformedAnswer(target, InvalidArgument("is required", "data"));
  }
  return &*data;
}

// body[key] as an array (`required`), or an empty one when absent and not required.
Result<const json*> ArrayField(const json& object, const char* key, const std::string& path,
                               bool required) {
  static const json kEmpty = json::array();
  std::string field = ji::FieldPath(path, key);
  if (!object.is_object()) return InvalidArgument("must be an object", path);
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required) return InvalidArgument("is required", field);
    return &kEmpty;
  }
  if (!it->is_array()) return InvalidArgument("must be an array", field);
  return &*it;
}

// A duration given as seconds (Prometheus' "duration" and "keepFiringFor").
Result<Duration> Seconds(const json& object, const char* key, const std::string& path) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return Duration(0);
  if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() < 0 ||
      it->get<double>() > 1e9) {
    return InvalidArgument("must be a non-negative number of seconds", ji::FieldPath(path, key));
  }
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(it->get<double>()));
}

Result<rules::DefinedRule> ParseAlertingRule(const json& r, const std::string& path,
                                             const std::string& group, const std::string& file) {
  rules::DefinedRule out;
  rules::RuleDefinition& d = out.definition;
  d.group = group;
  d.file = file;
  NAGAME_ASSIGN_OR_RETURN(d.name, ji::String(r, "name", path, true));
  NAGAME_ASSIGN_OR_RETURN(d.expr, ji::String(r, "query", path, true));
  NAGAME_ASSIGN_OR_RETURN(d.for_duration, Seconds(r, "duration", path));
  NAGAME_ASSIGN_OR_RETURN(d.keep_firing_for, Seconds(r, "keepFiringFor", path));
  NAGAME_ASSIGN_OR_RETURN(d.labels, ji::StringMap(r, "labels", path, false));
  NAGAME_ASSIGN_OR_RETURN(d.annotations, ji::StringMap(r, "annotations", path, false));
  if (d.name.empty()) return InvalidArgument("must not be empty", ji::FieldPath(path, "name"));
  return out;
}

Status AppendGroupRules(const json& g, const std::string& path,
                        std::vector<rules::DefinedRule>& out) {
  if (!g.is_object()) return InvalidArgument("must be an object", path);
  std::string name, file;
  NAGAME_ASSIGN_OR_RETURN(name, ji::String(g, "name", path, true));
  NAGAME_ASSIGN_OR_RETURN(file, ji::String(g, "file", path, false));
  const json* list = nullptr;
  NAGAME_ASSIGN_OR_RETURN(list, ArrayField(g, "rules", path, false));
  for (size_t i = 0; i < list->size(); ++i) {
    const json& r = (*list)[i];
    std::string rpath = Index(ji::FieldPath(path, "rules"), i);
    if (!r.is_object()) return InvalidArgument("must be an object", rpath);
    std::string type;
    NAGAME_ASSIGN_OR_RETURN(type, ji::String(r, "type", rpath, true));
    if (type != "alerting") continue;
    rules::DefinedRule rule;
    NAGAME_ASSIGN_OR_RETURN(rule, ParseAlertingRule(r, rpath, name, file));
    out.push_back(std::move(rule));
  }
  return Status::Ok();
}

// A sample value as Prometheus writes it: a decimal string, "NaN", "+Inf" or "-Inf".
std::optional<double> SampleValue(const std::string& text) {
  if (text == "NaN") return std::nan("");
  if (text == "+Inf" || text == "Inf") return HUGE_VAL;
  if (text == "-Inf") return -HUGE_VAL;
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return std::nullopt;
  return v;
}

Result<std::pair<Time, double>> ParseSample(const json& s, const std::string& path) {
  if (!s.is_array() || s.size() != 2 || !s[0].is_number() || !s[1].is_string()) {
    return InvalidArgument("must be [<unix seconds>, \"<value>\"]", path);
  }
  double seconds = s[0].get<double>();
  if (!std::isfinite(seconds) || std::abs(seconds) > 9e9) {
    return InvalidArgument("timestamp out of range", path);
  }
  std::optional<double> value = SampleValue(s[1].get<std::string>());
  if (!value) return InvalidArgument("value is not a number", path);
  Time t = Time(std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds)));
  return std::make_pair(t, *value);
}

Result<PromSeries> ParseSeries(const json& s, const std::string& path) {
  if (!s.is_object()) return InvalidArgument("must be an object", path);
  PromSeries out;
  NAGAME_ASSIGN_OR_RETURN(out.labels, ji::StringMap(s, "metric", path, false));
  const json* values = nullptr;
  NAGAME_ASSIGN_OR_RETURN(values, ArrayField(s, "values", path, false));
  out.points.reserve(values->size());
  for (size_t i = 0; i < values->size(); ++i) {
    std::pair<Time, double> point;
    NAGAME_ASSIGN_OR_RETURN(point,
                            ParseSample((*values)[i], Index(ji::FieldPath(path, "values"), i)));
    if (!out.points.empty() && point.first <= out.points.back().first) {
      return InvalidArgument("samples out of time order", Index(ji::FieldPath(path, "values"), i));
    }
    out.points.push_back(point);
  }
  return out;
}

std::string FormatUnixSeconds(Time t) {
  // Millisecond precision is what Prometheus keeps.
  int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::string sign = ms < 0 ? "-" : "";
  ms = std::abs(ms);
  std::string frac = std::to_string(ms % 1000);
  return sign + std::to_string(ms / 1000) + "." + std::string(3 - frac.size(), '0') + frac;
}

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string PrometheusErrorText(const json& body) {
  if (!body.is_object()) return "";
  auto type = body.find("errorType");
  auto error = body.find("error");
  std::string out = type != body.end() && type->is_string() ? type->get<std::string>() : "";
  if (error != body.end() && error->is_string()) {
    out += (out.empty() ? "" : ": ") + error->get<std::string>();
  }
  return out;
}

Result<std::vector<rules::DefinedRule>> ParseRulesAnswer(const json& body,
                                                         std::string_view target) {
  const json* data = nullptr;
  NAGAME_ASSIGN_OR_RETURN(data, Data(body, target));
  auto groups = ArrayField(*data, "groups", "data", true);
  if (!groups.ok()) return MalformedAnswer(target, groups.status());
  std::vector<rules::DefinedRule> out;
  for (size_t i = 0; i < (*groups)->size(); ++i) {
    Status st = AppendGroupRules((**groups)[i], Index("data.groups", i), out);
    if (!st.ok()) return MalformedAnswer(target, st);
  }
  return out;
}

Result<std::set<std::string>> ParseLabelValuesAnswer(const json& body, std::string_view target) {
  const json* data = nullptr;
  NAGAME_ASSIGN_OR_RETURN(data, Data(body, target));
  if (!data->is_array())
    return MalformedAnswer(target, InvalidArgument("must be an array", "data"));
  std::set<std::string> out;
  for (size_t i = 0; i < data->size(); ++i) {
    if (!(*data)[i].is_string()) {
      return MalformedAnswer(target, InvalidArgument("must be a string", Index("data", i)));
    }
    out.insert((*data)[i].get<std::string>());
  }
  return out;
}

Result<std::vector<PromSeries>> ParseQueryRangeAnswer(const json& body, std::string_view target) {
  const json* data = nullptr;
  NAGAME_ASSIGN_OR_RETURN(data, Data(body, target));
  if (!data->is_object()) {
    return MalformedAnswer(target, InvalidArgument("must be an object", "data"));
  }
  auto type = ji::String(*data, "resultType", "data", true);
  if (!type.ok()) return MalformedAnswer(target, type.status());
  if (*type != "matrix") {
    return MalformedAnswer(
        target, InvalidArgument("is \"" + *type + "\", not \"matrix\"", "data.resultType"));
  }
  auto result = ArrayField(*data, "result", "data", true);
  if (!result.ok()) return MalformedAnswer(target, result.status());
  std::vector<PromSeries> out;
  for (size_t i = 0; i < (*result)->size(); ++i) {
    auto series = ParseSeries((**result)[i], Index("data.result", i));
    if (!series.ok()) return MalformedAnswer(target, series.status());
    out.push_back(std::move(series).value());
  }
  return out;
}

PrometheusClient::PrometheusClient(std::string base_url, net::HttpClientOptions options)
    : base_url_(std::move(base_url)), http_(std::move(options)) {}

Result<std::vector<rules::DefinedRule>> PrometheusClient::AlertingRules() const {
  json body;
  NAGAME_ASSIGN_OR_RETURN(body, GetJson(http_, base_url_, kRulesTarget, PrometheusErrorText));
  return ParseRulesAnswer(body, kRulesTarget);
}

Result<std::set<std::string>> PrometheusClient::MetricNames() const {
  json body;
  NAGAME_ASSIGN_OR_RETURN(body, GetJson(http_, base_url_, kMetricNamesTarget, PrometheusErrorText));
  return ParseLabelValuesAnswer(body, kMetricNamesTarget);
}

Result<std::vector<PromSeries>> PrometheusClient::QueryRange(const std::string& promql, Time start,
                                                             Time end, Duration step) const {
  const std::string target =
      "/api/v1/query_range?query=" + UrlEncode(promql) + "&start=" + FormatUnixSeconds(start) +
      "&end=" + FormatUnixSeconds(end) + "&step=" + FormatUnixSeconds(Time(step));
  json body;
  NAGAME_ASSIGN_OR_RETURN(body, GetJson(http_, base_url_, target, PrometheusErrorText));
  return ParseQueryRangeAnswer(body, target);
}

}  // namespace nagame::bot

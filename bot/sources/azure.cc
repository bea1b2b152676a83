// Azure Monitor common alert schema parser.
#include "bot/sources/azure.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/auth/tokens.h"
#include "bot/config/reader.h"
#include "bot/sources/json_input.h"

namespace nagame::bot {
namespace {

namespace ji = json_input;

using nlohmann::json;

// The labels this parser sets itself; a dimension of the same name gets a prefix.
constexpr std::array<std::string_view, 9> kOwnLabels = {"severity",
                                                        "signal_type",
                                                        "monitoring_service",
                                                        "alert_target_ids",
                                                        "configuration_items",
                                                        "target_resource_group",
                                                        "target_resource_type",
                                                        "operation_name",
                                                        "event_source"};

// Sets `name` to `value`, or appends ",value" when it holds other values already (one dimension
// in several criteria of a rule).
void AddValue(rules::Labels& labels, const std::string& name, const std::string& value) {
  auto [it, inserted] = labels.emplace(name, value);
  if (inserted) return;
  std::string_view rest = it->second;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    if (rest.substr(0, comma) == value) return;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  it->second += "," + value;
}

void AddDimension(rules::Labels& labels, const std::string& name, const std::string& value) {
  bool own = std::find(kOwnLabels.begin(), kOwnLabels.end(), name) != kOwnLabels.end();
  AddValue(labels, own ? "dimension_" + name : name, value);
}

// A member that may be null or absent; nullptr then.
const json* Member(const json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

// An optional object member; nullptr when absent or null.
Result<const json*> OptionalObject(const json& object, const char* key, const std::string& path) {
  const json* m = Member(object, key);
  if (m && !m->is_object()) return InvalidArgument("must be an object", ji::FieldPath(path, key));
  return m;
}

// An optional array of strings, comma-joined; "" when absent, null or empty.
Result<std::string> JoinedStrings(const json& object, const char* key, const std::string& path) {
  const json* m = Member(object, key);
  std::string field = ji::FieldPath(path, key);
  if (!m) return std::string();
  if (!m->is_array()) return InvalidArgument("must be an array of strings", field);
  std::string out;
  for (size_t i = 0; i < m->size(); ++i) {
    if (!(*m)[i].is_string()) {
      return InvalidArgument("must be a string", field + "[" + std::to_string(i) + "]");
    }
    if (!out.empty()) out += ',';
    out += (*m)[i].get_ref<const std::string&>();
  }
  return out;
}

// An essentials member whose name Azure spells in more than one case ("alertRuleID",
// "alertRuleId"): the first string member equal to `key` ignoring case.
std::string StringIgnoringCase(const json& object, std::string_view key) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string& k = it.key();
    if (it->is_string() && k.size() == key.size() &&
        std::equal(k.begin(), k.end(), key.begin(), [](unsigned char a, unsigned char b) {
          return std::tolower(a) == std::tolower(b);
        })) {
      return it->get<std::string>();
    }
  }
  return {};
}

// [{"name": …, "value": …}, …] (null: none) into labels.
Status AddDimensions(const json* dims, const std::string& field, rules::Labels& labels) {
  if (!dims) return Status::Ok();
  if (!dims->is_array()) return InvalidArgument("must be an array", field);
  for (size_t i = 0; i < dims->size(); ++i) {
    std::string path = field + "[" + std::to_string(i) + "]";
    const json& d = (*dims)[i];
    if (!d.is_object()) return InvalidArgument("must be an object", path);
    std::string name;
    NAGAME_ASSIGN_OR_RETURN(name, ji::String(d, "name", path, true));
    const json* value = Member(d, "value");
    if (!value) continue;  // a dimension without a value tells nothing
    auto text = ji::ScalarText(*value);
    if (!text) return InvalidArgument("must be a string or number", ji::FieldPath(path, "value"));
    AddDimension(labels, name, *text);
  }
  return Status::Ok();
}

// An object of scalars (customProperties, Prometheus labels and annotations) into `out`;
// `add` stores one pair. Null values are skipped.
template <typename Add>
Status AddScalars(const json* object, const std::string& field, Add add) {
  if (!object) return Status::Ok();
  if (!object->is_object()) return InvalidArgument("must be an object", field);
  for (auto it = object->begin(); it != object->end(); ++it) {
    if (it->is_null()) continue;
    auto text = ji::ScalarText(*it);
    if (!text) return InvalidArgument("must be a string or number", ji::FieldPath(field, it.key()));
    add(it.key(), *text);
  }
  return Status::Ok();
}

// What alertContext adds, by its shape (formats.md §4.3, "alertContext varies").
Status ReadAlertContext(const json& ctx, const std::string& path, rules::AlertEvent& ev) {
  // Metric alerts and log search alerts v2 (LogQueryCriteria): condition.allOf[].
  const json* condition = nullptr;
  NAGAME_ASSIGN_OR_RETURN(condition, OptionalObject(ctx, "condition", path));
  if (condition) {
    std::string cpath = ji::FieldPath(path, "condition");
    const json* all_of = Member(*condition, "allOf");
    if (all_of && !all_of->is_array()) {
      return InvalidArgument("must be an array", ji::FieldPath(cpath, "allOf"));
    }
    for (size_t i = 0; all_of && i < all_of->size(); ++i) {
      std::string apath = ji::FieldPath(cpath, "allOf[" + std::to_string(i) + "]");
      const json& criterion = (*all_of)[i];
      if (!criterion.is_object()) return InvalidArgument("must be an object", apath);
      NAGAME_RETURN_IF_ERROR(AddDimensions(Member(criterion, "dimensions"),
                                           ji::FieldPath(apath, "dimensions"), ev.labels));
      std::string metric, query;
      NAGAME_ASSIGN_OR_RETURN(metric, ji::String(criterion, "metricName", apath, false));
      NAGAME_ASSIGN_OR_RETURN(query, ji::String(criterion, "searchQuery", apath, false));
      if (!metric.empty()) AddValue(ev.annotations, "metric_name", metric);
      if (!query.empty()) ev.annotations.emplace("search_query", query);
      if (ev.generator_url.empty()) {
        NAGAME_ASSIGN_OR_RETURN(ev.generator_url,
                                ji::String(criterion, "linkToSearchResultsUI", apath, false));
      }
    }
  }
  // Older log search alerts (Log Analytics, Application Insights).
  NAGAME_RETURN_IF_ERROR(
      AddDimensions(Member(ctx, "Dimensions"), ji::FieldPath(path, "Dimensions"), ev.labels));
  std::string query;
  NAGAME_ASSIGN_OR_RETURN(query, ji::String(ctx, "SearchQuery", path, false));
  if (!query.empty()) ev.annotations.emplace("search_query", query);
  if (ev.generator_url.empty()) {
    NAGAME_ASSIGN_OR_RETURN(ev.generator_url, ji::String(ctx, "LinkToSearchResults", path, false));
  }
  // Prometheus alerts: their own labels and annotations.
  NAGAME_RETURN_IF_ERROR(AddScalars(
      Member(ctx, "labels"), ji::FieldPath(path, "labels"),
      [&](const std::string& k, const std::string& v) { AddDimension(ev.labels, k, v); }));
  NAGAME_RETURN_IF_ERROR(AddScalars(
      Member(ctx, "annotations"), ji::FieldPath(path, "annotations"),
      [&](const std::string& k, const std::string& v) { ev.annotations.emplace(k, v); }));
  // Activity log alerts: which operation.
  std::string operation, event_source;
  NAGAME_ASSIGN_OR_RETURN(operation, ji::String(ctx, "operationName", path, false));
  NAGAME_ASSIGN_OR_RETURN(event_source, ji::String(ctx, "eventSource", path, false));
  if (!operation.empty()) ev.labels["operation_name"] = operation;
  if (!event_source.empty()) ev.labels["event_source"] = event_source;
  return Status::Ok();
}

// Sets labels[name] from essentials[key] when it is a non-empty string.
Status CopyEssential(const json& essentials, const char* key, const std::string& path,
                     const char* name, rules::Labels& labels) {
  std::string value;
  NAGAME_ASSIGN_OR_RETURN(value, ji::String(essentials, key, path, false));
  if (!value.empty()) labels[name] = value;
  return Status::Ok();
}

// The token in the query string, or none.
class AzureSource : public ConfiguredSource {
 public:
  explicit AzureSource(std::optional<std::string> token) : token_(std::move(token)) {}

  Status Authenticate(const WebhookRequest& request) const override {
    if (!token_) return Status::Ok();
    std::string_view presented = request.query("token");
    if (presented.empty() || !ConstantTimeEquals(presented, *token_)) {
      return Status(Code::kUnauthenticated, "missing or wrong token in the webhook URL (?token=)");
    }
    return Status::Ok();
  }

  Result<rules::Delivery> Parse(const WebhookRequest& request) const override {
    return ParseAzureWebhook(request.body, request.received_at);
  }

  nlohmann::json Describe() const override {
    if (!token_) return {{"auth", "none"}};
    return {{"auth", "query_token"}, {"token", config::kRedacted}};
  }

 private:
  std::optional<std::string> token_;  // nullopt: `auth: none`
};

}  // namespace

Result<rules::Delivery> ParseAzureWebhook(std::string_view body, Time received_at) {
  json doc;
  NAGAME_ASSIGN_OR_RETURN(doc, ji::Parse(body));
  if (!doc.is_object()) return InvalidArgument("must be a JSON object", "body");
  std::string schema;
  NAGAME_ASSIGN_OR_RETURN(schema, ji::String(doc, "schemaId", "", true));
  if (schema != "azureMonitorCommonAlertSchema") {
    return InvalidArgument(
        "must be \"azureMonitorCommonAlertSchema\" (enable the common alert schema on the "
        "action group's webhook)",
        "schemaId");
  }
  const json* data = nullptr;
  NAGAME_ASSIGN_OR_RETURN(data, OptionalObject(doc, "data", ""));
  if (!data) return InvalidArgument("is required", "data");
  const json* essentials = nullptr;
  NAGAME_ASSIGN_OR_RETURN(essentials, OptionalObject(*data, "essentials", "data"));
  if (!essentials) return InvalidArgument("is required", "data.essentials");
  const std::string ep = "data.essentials";

  rules::Delivery d;
  d.source = "azure";
  d.received_at = received_at;
  rules::AlertEvent ev;
  NAGAME_ASSIGN_OR_RETURN(ev.rule, ji::String(*essentials, "alertRule", ep, true));
  if (ev.rule.empty()) return InvalidArgument("must not be empty", ji::FieldPath(ep, "alertRule"));
  std::string alert_id;
  NAGAME_ASSIGN_OR_RETURN(alert_id, ji::String(*essentials, "alertId", ep, true));
  if (alert_id.empty()) return InvalidArgument("must not be empty", ji::FieldPath(ep, "alertId"));
  ev.annotations["alert_id"] = alert_id;

  NAGAME_ASSIGN_OR_RETURN(d.status, ji::String(*essentials, "monitorCondition", ep, true));
  if (d.status == "Fired") {
    ev.status = rules::AlertStatus::kFiring;
  } else if (d.status == "Resolved") {
    ev.status = rules::AlertStatus::kResolved;
  } else {
    return InvalidArgument("must be \"Fired\" or \"Resolved\"",
                           ji::FieldPath(ep, "monitorCondition"));
  }
  std::optional<Time> fired;
  NAGAME_ASSIGN_OR_RETURN(fired, ji::Timestamp(*essentials, "firedDateTime", ep, true));
  if (!fired)
    return InvalidArgument("must not be the zero time", ji::FieldPath(ep, "firedDateTime"));
  ev.starts_at = *fired;
  if (ev.status == rules::AlertStatus::kResolved) {
    NAGAME_ASSIGN_OR_RETURN(ev.ends_at, ji::Timestamp(*essentials, "resolvedDateTime", ep, false));
    if (ev.ends_at && *ev.ends_at < ev.starts_at) {
      return InvalidArgument("is before firedDateTime", ji::FieldPath(ep, "resolvedDateTime"));
    }
    // Our clock may be behind Azure's: an end we supply is never before the start.
    if (!ev.ends_at) ev.ends_at = std::max(received_at, ev.starts_at);
  }

  NAGAME_RETURN_IF_ERROR(CopyEssential(*essentials, "severity", ep, "severity", ev.labels));
  NAGAME_RETURN_IF_ERROR(CopyEssential(*essentials, "signalType", ep, "signal_type", ev.labels));
  NAGAME_RETURN_IF_ERROR(
      CopyEssential(*essentials, "monitoringService", ep, "monitoring_service", ev.labels));
  NAGAME_RETURN_IF_ERROR(
      CopyEssential(*essentials, "targetResourceGroup", ep, "target_resource_group", ev.labels));
  NAGAME_RETURN_IF_ERROR(
      CopyEssential(*essentials, "targetResourceType", ep, "target_resource_type", ev.labels));
  for (auto [key, name] : {std::pair{"alertTargetIDs", "alert_target_ids"},
                           std::pair{"configurationItems", "configuration_items"}}) {
    std::string joined;
    NAGAME_ASSIGN_OR_RETURN(joined, JoinedStrings(*essentials, key, ep));
    if (!joined.empty()) ev.labels[name] = joined;
  }
  std::string rule_id = StringIgnoringCase(*essentials, "alertRuleId");
  if (!rule_id.empty()) ev.annotations["alert_rule_id"] = rule_id;
  std::string description;
  NAGAME_ASSIGN_OR_RETURN(description, ji::String(*essentials, "description", ep, false));
  if (!description.empty()) ev.annotations["description"] = description;
  NAGAME_ASSIGN_OR_RETURN(ev.generator_url,
                          ji::String(*essentials, "investigationLink", ep, false));

  const json* context = nullptr;
  NAGAME_ASSIGN_OR_RETURN(context, OptionalObject(*data, "alertContext", "data"));
  if (context) NAGAME_RETURN_IF_ERROR(ReadAlertContext(*context, "data.alertContext", ev));
  NAGAME_RETURN_IF_ERROR(AddScalars(
      Member(*data, "customProperties"), "data.customProperties",
      [&](const std::string& k, const std::string& v) { ev.annotations.emplace(k, v); }));

  rules::Labels series = ev.labels;
  series.erase("severity");
  ev.fingerprint = rules::FingerprintOf("azure/" + ev.rule, series);
  d.alerts.push_back(std::move(ev));
  return d;
}

std::shared_ptr<const ConfiguredSource> LoadAzureSource(config::Reader& reader,
                                                        const config::Entry& block) {
  static const std::vector<std::string> kKeys = {"token", "token_file", "auth"};
  const size_t problems_before = reader.problem_count();
  auto entries = reader.Map(block.value, block.where, &kKeys);
  if (!entries) return nullptr;
  config::Secret token = reader.ReadSecret(*entries, "token");
  if (const config::Entry* auth = config::Reader::Find(*entries, "auth")) {
    auto t = reader.Scalar(auth->value, auth->where, false);
    if (t && t->value != "none") {
      reader.Add(auth->where, "must be \"none\" (the credential is set with token)");
    } else if (t && token.present) {
      reader.Add(auth->where, "\"none\" contradicts the token given for this source");
    }
  } else if (!token.present) {
    reader.Add(block.where,
               "no credentials: set token (Azure sends it as ?token= in the webhook URL), or "
               "\"auth: none\" to accept unauthenticated requests");
  }
  if (reader.problem_count() != problems_before) return nullptr;
  return std::make_shared<AzureSource>(token.present ? std::optional(token.value) : std::nullopt);
}

}  // namespace nagame::bot

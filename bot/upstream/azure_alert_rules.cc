// Azure Resource Manager's metric and log alert rules mapped into DefinedRules.
#include "bot/upstream/azure_alert_rules.h"

#include <cctype>

#include "bot/sources/json_input.h"
#include "bot/upstream/answer_fields.h"
#include "bot/upstream/json_api.h"
#include "bot/upstream/paging.h"
#include "bot/upstream/saved_answer.h"
#include "bot/upstream/secret_setting.h"

namespace nagame::bot {
namespace {

namespace ji = json_input;
using nlohmann::json;

constexpr char kSource[] = "azure";
constexpr char kMetricAlerts[] = "metricAlerts?api-version=2018-03-01";
constexpr char kScheduledQueryRules[] = "scheduledQueryRules?api-version=2021-08-01";

// The resource group named in an ARM resource id ("/subscriptions/s/resourceGroups/rg/…").
std::string ResourceGroupOf(const std::string& id) {
  std::string lower;
  for (char c : id) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string marker = "/resourcegroups/";
  size_t at = lower.find(marker);
  if (at == std::string::npos) return "";
  size_t from = at + marker.size();
  return id.substr(from, id.find('/', from) - from);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "80", "0.5": a threshold as text, whichever JSON type it came as.
std::string ScalarOr(const json& object, const char* key, const char* fallback) {
  auto it = object.find(key);
  if (it == object.end()) return fallback;
  return ji::ScalarText(*it).value_or(fallback);
}

// One metric criterion as text: "<aggregation> <namespace>/<metric> <operator> <threshold>".
Result<std::string> MetricCriterion(const json& c, const std::string& path) {
  if (!c.is_object()) return InvalidArgument("must be an object", path);
  std::string metric, ns, aggregation, op;
  NAGAME_ASSIGN_OR_RETURN(metric, RequiredText(c, "metricName", path));
  NAGAME_ASSIGN_OR_RETURN(ns, ji::String(c, "metricNamespace", path, false));
  NAGAME_ASSIGN_OR_RETURN(aggregation, ji::String(c, "timeAggregation", path, false));
  NAGAME_ASSIGN_OR_RETURN(op, ji::String(c, "operator", path, false));
  std::string criterionType;
  NAGAME_ASSIGN_OR_RETURN(criterionType, ji::String(c, "criterionType", path, false));
  std::string threshold = criterionType == "DynamicThresholdCriterion"
                              ? "dynamic(" + ScalarOr(c, "alertSensitivity", "Medium") + ")"
                              : ScalarOr(c, "threshold", "?");
  std::string text = aggregation.empty() ? "" : aggregation + " ";
  text += (ns.empty() ? "" : ns + "/") + metric;
  if (!op.empty()) text += " " + op + " " + threshold;
  return text;
}

// The criteria.allOf texts of a metric alert (joined by " and ") or of a log alert (one KQL
// query per line).
Result<std::string> CriteriaText(const json& props, const std::string& path, bool metric) {
  const json* criteria = nullptr;
  NAGAME_ASSIGN_OR_RETURN(criteria, ObjectOf(props, "criteria", path, false));
  if (!criteria) return std::string();
  const std::string cpath = ji::FieldPath(path, "criteria");
  const json* all = nullptr;
  NAGAME_ASSIGN_OR_RETURN(all, ArrayOf(*criteria, "allOf", cpath, false));
  std::string out;
  for (size_t i = 0; i < all->size(); ++i) {
    const std::string ipath = Indexed(ji::FieldPath(cpath, "allOf"), i);
    std::string text;
    if (metric) {
      NAGAME_ASSIGN_OR_RETURN(text, MetricCriterion((*all)[i], ipath));
    } else {
      if (!(*all)[i].is_object()) return InvalidArgument("must be an object", ipath);
      NAGAME_ASSIGN_OR_RETURN(text, ji::String((*all)[i], "query", ipath, false));
    }
    if (text.empty()) continue;
    out += out.empty() ? "" : (metric ? " and " : "\n");
    out += text;
  }
  return out;
}

Result<std::optional<rules::DefinedRule>> ParseResource(const json& r, const std::string& path) {
  if (!r.is_object()) return InvalidArgument("must be an object", path);
  std::string type, kind, id;
  NAGAME_ASSIGN_OR_RETURN(type, RequiredText(r, "type", path));
  NAGAME_ASSIGN_OR_RETURN(kind, ji::String(r, "kind", path, false));
  NAGAME_ASSIGN_OR_RETURN(id, ji::String(r, "id", path, false));
  type = Lower(type);
  const bool metric = type == "microsoft.insights/metricalerts";
  if (!metric && type != "microsoft.insights/scheduledqueryrules") {
    return InvalidArgument("is neither a metric alert nor a scheduled query rule",
                           ji::FieldPath(path, "type"));
  }
  if (Lower(kind) == "logtometric") return std::optional<rules::DefinedRule>();
  rules::DefinedRule out;
  out.source = kSource;
  rules::RuleDefinition& d = out.definition;
  d.language = metric ? rules::kAzureMetric : rules::kKQL;
  NAGAME_ASSIGN_OR_RETURN(d.name, RequiredText(r, "name", path));
  d.file = id;
  d.group = ResourceGroupOf(id);
  rules::Labels tags;
  NAGAME_ASSIGN_OR_RETURN(tags, ji::StringMap(r, "tags", path, false));
  for (auto& [key, value] : tags) {
    if (key.starts_with("hidden-")) continue;  // portal bookkeeping, not labels
    if (key == "runbook_url" || key == "runbook") {
      d.annotations["runbook_url"] = value;
    } else {
      d.labels[key] = value;
    }
  }
  const json* props = nullptr;
  NAGAME_ASSIGN_OR_RETURN(props, ObjectOf(r, "properties", path, true));
  const std::string ppath = ji::FieldPath(path, "properties");
  NAGAME_ASSIGN_OR_RETURN(d.enabled, BoolField(*props, "enabled", ppath, true));
  NAGAME_ASSIGN_OR_RETURN(d.for_duration, IsoDurationField(*props, "windowSize", ppath));
  if (auto sev = props->find("severity"); sev != props->end() && !sev->is_null()) {
    if (!sev->is_number_integer() || sev->get<int64_t>() < 0 || sev->get<int64_t>() > 4) {
      return InvalidArgument("must be 0 … 4", ji::FieldPath(ppath, "severity"));
    }
    d.labels["severity"] = "Sev" + std::to_string(sev->get<int64_t>());
  }
  std::string description;
  NAGAME_ASSIGN_OR_RETURN(description, ji::String(*props, "description", ppath, false));
  if (!description.empty()) d.annotations["description"] = description;
  NAGAME_ASSIGN_OR_RETURN(d.expr, CriteriaText(*props, ppath, metric));
  return std::optional(std::move(out));
}

Result<AzureRulePage> ParsePage(const json& body) {
  AzureRulePage out;
  if (!body.is_object()) return InvalidArgument("must be an object");
  const json* value = nullptr;
  NAGAME_ASSIGN_OR_RETURN(value, ArrayOf(body, "value", "", true));
  for (size_t i = 0; i < value->size(); ++i) {
    std::optional<rules::DefinedRule> rule;
    NAGAME_ASSIGN_OR_RETURN(rule, ParseResource((*value)[i], Indexed("value", i)));
    if (rule) out.rules.push_back(std::move(*rule));
  }
  NAGAME_ASSIGN_OR_RETURN(out.next_link, ji::String(body, "nextLink", "", false));
  return out;
}

// Every page of one list, from `first_target` on `base`.
Status ReadList(const net::HttpClient& http, const net::ParsedUrl& base, const std::string& token,
                const std::string& first_target, std::vector<rules::DefinedRule>& out) {
  const std::string request = RequestName(first_target);
  return FollowPages(request, [&](const std::string& cursor) -> Result<std::optional<std::string>> {
    std::string target = first_target;
    if (!cursor.empty()) {
      auto next = net::ParseUrl(cursor);
      if (!next.ok() || next->Origin() != base.Origin()) {
        return MalformedAnswerOf(
            request, InvalidArgument("points to another server than the configured url; not "
                                     "followed",
                                     "nextLink"));
      }
      target = next->target;
    }
    json body;
    NAGAME_ASSIGN_OR_RETURN(body, SendJson(http,
                                           {.base_url = base.Origin(),
                                            .target = target,
                                            .headers = {{"Authorization", "Bearer " + token}}},
                                           AzureErrorText));
    AzureRulePage page;
    NAGAME_ASSIGN_OR_RETURN(page, ParseAzureRulePage(body, request));
    for (rules::DefinedRule& r : page.rules) out.push_back(std::move(r));
    return std::optional(page.next_link);
  });
}

}  // namespace

Result<AzureRulePage> ParseAzureRulePage(const json& body, std::string_view request) {
  auto page = ParsePage(body);
  if (!page.ok()) return MalformedAnswerOf(request, page.status());
  return page;
}

std::string AzureErrorText(const json& body) {
  if (!body.is_object()) return "";
  auto error = body.find("error");
  if (error == body.end() || !error->is_object()) return "";
  std::string code = ScalarOr(*error, "code", ""), message = ScalarOr(*error, "message", "");
  return code.empty() ? message : message.empty() ? code : code + ": " + message;
}

Result<std::vector<rules::DefinedRule>> ReadAzureRules(const AzureConfig& config,
                                                       const net::HttpClientOptions& options) {
  auto read = [&]() -> Result<std::vector<rules::DefinedRule>> {
    std::vector<rules::DefinedRule> out;
    if (!config.rules_file.empty()) {
      NAGAME_RETURN_IF_ERROR(
          ForEachSavedPage(config.rules_file, [&](const json& answer, const std::string& where) {
            auto page = ParseAzureRulePage(answer, where);
            if (!page.ok()) return page.status();
            for (rules::DefinedRule& r : page->rules) out.push_back(std::move(r));
            return Status::Ok();
          }));
      return out;
    }
    std::string token;
    NAGAME_ASSIGN_OR_RETURN(token, CurrentSecret(config.token, "token"));
    net::ParsedUrl base;
    NAGAME_ASSIGN_OR_RETURN(base, net::ParseUrl(config.url));
    std::string scope = "/subscriptions/" + config.subscription;
    if (!config.resource_group.empty()) scope += "/resourceGroups/" + config.resource_group;
    const std::string prefix = scope + "/providers/Microsoft.Insights/";
    const net::HttpClient http(options);
    for (const char* list : {kMetricAlerts, kScheduledQueryRules}) {
      NAGAME_RETURN_IF_ERROR(ReadList(http, base, token, prefix + list, out));
    }
    return out;
  };
  return Prefixed(kSource, read());
}

}  // namespace nagame::bot

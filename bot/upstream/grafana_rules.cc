// Grafana alert rules: provisioning API answers and exports mapped into DefinedRules.
#include "bot/upstream/grafana_rules.h"

#include "bot/sources/json_input.h"
#include "bot/upstream/answer_fields.h"
#include "bot/upstream/json_api.h"
#include "bot/upstream/saved_answer.h"
#include "bot/upstream/secret_setting.h"

namespace nagame::bot {
namespace {

namespace ji = json_input;
using nlohmann::json;

constexpr char kSource[] = "grafana";
constexpr char kRulesTarget[] = "/api/v1/provisioning/alert-rules";

// The text of one query: what its data source reads, under the keys Grafana's data sources use
// (Prometheus and Loki `expr`, most SQL sources `rawSql`, server-side expressions `expression`).
Result<std::string> QueryText(const json& q, const std::string& path) {
  if (!q.is_object()) return InvalidArgument("must be an object", path);
  std::string ref;
  NAGAME_ASSIGN_OR_RETURN(ref, ji::String(q, "refId", path, false));
  auto model = q.find("model");
  if (model == q.end() || !model->is_object()) return ref + ":";
  const std::string mpath = ji::FieldPath(path, "model");
  for (const char* key : {"expr", "query", "rawSql", "expression"}) {
    std::string text;
    NAGAME_ASSIGN_OR_RETURN(text, ji::String(*model, key, mpath, false));
    if (!text.empty()) return ref + ": " + text;
  }
  return ref + ":";
}

// One rule (API or export shape; `group` and `folder` come from the export's group when the
// rule does not carry them).
Result<std::optional<rules::DefinedRule>> ParseRule(const json& r, const std::string& path,
                                                    const std::string& group,
                                                    const std::string& folder) {
  if (!r.is_object()) return InvalidArgument("must be an object", path);
  if (auto record = r.find("record"); record != r.end() && !record->is_null()) {
    return std::optional<rules::DefinedRule>();  // a recording rule
  }
  rules::DefinedRule out;
  out.source = kSource;
  rules::RuleDefinition& d = out.definition;
  d.language = rules::kGrafanaQuery;
  NAGAME_ASSIGN_OR_RETURN(d.name, RequiredText(r, "title", path));
  NAGAME_ASSIGN_OR_RETURN(d.group, ji::String(r, "ruleGroup", path, false));
  if (d.group.empty()) d.group = group;
  std::string folder_name;
  NAGAME_ASSIGN_OR_RETURN(folder_name, ji::String(r, "folderUID", path, false));
  if (folder_name.empty()) folder_name = folder;
  d.file = folder_name.empty() ? "Grafana" : "Grafana folder " + folder_name;
  NAGAME_ASSIGN_OR_RETURN(d.for_duration, PromDurationField(r, "for", path));
  NAGAME_ASSIGN_OR_RETURN(d.labels, ji::StringMap(r, "labels", path, false));
  NAGAME_ASSIGN_OR_RETURN(d.annotations, ji::StringMap(r, "annotations", path, false));
  bool paused = false;
  NAGAME_ASSIGN_OR_RETURN(paused, BoolField(r, "isPaused", path, false));
  d.enabled = !paused;
  const json* data = nullptr;
  NAGAME_ASSIGN_OR_RETURN(data, ArrayOf(r, "data", path, false));
  for (size_t i = 0; i < data->size(); ++i) {
    std::string text;
    NAGAME_ASSIGN_OR_RETURN(text, QueryText((*data)[i], Indexed(ji::FieldPath(path, "data"), i)));
    d.expr += (d.expr.empty() ? "" : "\n") + text;
  }
  return std::optional(std::move(out));
}

Status AppendRules(const json& list, const std::string& path, const std::string& group,
                   const std::string& folder, std::vector<rules::DefinedRule>& out) {
  for (size_t i = 0; i < list.size(); ++i) {
    std::optional<rules::DefinedRule> rule;
    NAGAME_ASSIGN_OR_RETURN(rule, ParseRule(list[i], Indexed(path, i), group, folder));
    if (rule) out.push_back(std::move(*rule));
  }
  return Status::Ok();
}

Result<std::vector<rules::DefinedRule>> ParseAny(const json& body) {
  std::vector<rules::DefinedRule> out;
  if (body.is_array()) {
    NAGAME_RETURN_IF_ERROR(AppendRules(body, "", "", "", out));
    return out;
  }
  if (!body.is_object()) return InvalidArgument("must be a list of rules or an export");
  const json* groups = nullptr;
  NAGAME_ASSIGN_OR_RETURN(groups, ArrayOf(body, "groups", "", true));
  for (size_t g = 0; g < groups->size(); ++g) {
    const json& group = (*groups)[g];
    const std::string gpath = Indexed("groups", g);
    if (!group.is_object()) return InvalidArgument("must be an object", gpath);
    std::string name, folder;
    NAGAME_ASSIGN_OR_RETURN(name, ji::String(group, "name", gpath, false));
    NAGAME_ASSIGN_OR_RETURN(folder, ji::String(group, "folder", gpath, false));
    const json* list = nullptr;
    NAGAME_ASSIGN_OR_RETURN(list, ArrayOf(group, "rules", gpath, false));
    NAGAME_RETURN_IF_ERROR(AppendRules(*list, ji::FieldPath(gpath, "rules"), name, folder, out));
  }
  return out;
}

}  // namespace

Result<std::vector<rules::DefinedRule>> ParseGrafanaRules(const json& body,
                                                          std::string_view request) {
  auto rules = ParseAny(body);
  if (!rules.ok()) return MalformedAnswerOf(request, rules.status());
  return rules;
}

std::string GrafanaErrorText(const json& body) {
  if (!body.is_object()) return "";
  auto message = body.find("message");
  return message != body.end() && message->is_string() ? message->get<std::string>() : "";
}

Result<std::vector<rules::DefinedRule>> ReadGrafanaRules(const GrafanaConfig& config,
                                                         const net::HttpClientOptions& options) {
  auto read = [&]() -> Result<std::vector<rules::DefinedRule>> {
    if (!config.rules_file.empty()) {
      json body;
      NAGAME_ASSIGN_OR_RETURN(body, ReadSavedAnswer(config.rules_file, /*yaml_too=*/true));
      return ParseGrafanaRules(body, config.rules_file);
    }
    std::string token;
    NAGAME_ASSIGN_OR_RETURN(token, CurrentSecret(config.token, "token"));
    json body;
    NAGAME_ASSIGN_OR_RETURN(body, SendJson(net::HttpClient(options),
                                           {.base_url = config.url,
                                            .target = kRulesTarget,
                                            .headers = {{"Authorization", "Bearer " + token}}},
                                           GrafanaErrorText));
    return ParseGrafanaRules(body, RequestName(kRulesTarget));
  };
  return Prefixed(kSource, read());
}

}  // namespace nagame::bot

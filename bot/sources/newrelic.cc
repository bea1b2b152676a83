// New Relic workflow webhook parser: the default payload template and edited ones.
#include "bot/sources/newrelic.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>

#include <nlohmann/json.hpp>

#include "bot/sources/credentialed_source.h"
#include "bot/sources/json_input.h"

namespace nagame::bot {
namespace {

namespace ji = json_input;

// A payload key: its name in the default template, the names people rename it to, and the
// template line that sends it (for the error when Nagame needs it and it is missing).
struct Key {
  const char* name;
  std::initializer_list<const char*> aliases;
  const char* template_line;
};

const Key kId{"id", {"issueId"}, R"("id": {{ json issueId }})"};
const Key kState{"state", {}, R"("state": {{ json state }})"};
const Key kCreatedAt{"createdAt", {}, R"("createdAt": {{ createdAt }})"};
const Key kConditions{"alertConditionNames",
                      {"conditionNames", "conditionName"},
                      R"("alertConditionNames": {{ json accumulations.conditionName }})"};
const Key kPolicies{"alertPolicyNames", {"policyNames", "policyName"}, ""};
const Key kUpdatedAt{"updatedAt", {}, ""};
const Key kClosedAt{"closedAt", {}, ""};
const Key kPriority{"priority", {}, ""};
const Key kTitle{"title", {}, ""};
const Key kEntities{"impactedEntities", {"entities", "entityNames"}, ""};
const Key kIssueUrl{"issueUrl", {"issuePageUrl"}, ""};
const Key kAcknowledgedBy{"acknowledgedBy", {}, ""};
const Key kIsAcknowledged{"isAcknowledged", {}, ""};
const Key kTrigger{"trigger", {"triggerEvent"}, ""};
const Key kWorkflow{"workflowName", {}, ""};
const Key kTotalIncidents{"totalIncidents", {}, ""};

// The name under which `doc` sends `key`: the first of its names present and not null, else
// the template's name.
const char* NameIn(const nlohmann::json& doc, const Key& key) {
  auto given = [&doc](const char* name) {
    auto it = doc.find(name);
    return it != doc.end() && !it->is_null();
  };
  if (given(key.name)) return key.name;
  for (const char* alias : key.aliases) {
    if (given(alias)) return alias;
  }
  return key.name;
}

Status Missing(const Key& key) {
  return InvalidArgument(std::string("is required: add `") + key.template_line +
                             "` to the workflow's webhook payload template",
                         key.name);
}

// The value `doc` sends for `key`, or nullptr when absent or null; *name is the key used.
const nlohmann::json* ValueOf(const nlohmann::json& doc, const Key& key, const char** name) {
  *name = NameIn(doc, key);
  auto it = doc.find(*name);
  return it == doc.end() || it->is_null() ? nullptr : &*it;
}

// A scalar's text (a number or boolean in its JSON form); a one-element array is its element.
// "" when absent or null.
Result<std::string> Text(const nlohmann::json& doc, const Key& key) {
  const char* name;
  const nlohmann::json* v = ValueOf(doc, key, &name);
  if (v != nullptr && v->is_array() && v->size() == 1) v = &(*v)[0];
  if (v == nullptr || v->is_null()) return std::string();
  std::optional<std::string> text = ji::ScalarText(*v);
  if (!text) return InvalidArgument("must be a string or a number", name);
  return *text;
}

// The texts of `value`: an array's scalars (an object gives its "name"), or a lone scalar as a
// list of one; empty texts dropped. Errors name `field`.
Result<std::vector<std::string>> TextList(const nlohmann::json& value, const std::string& field) {
  std::vector<std::string> out;
  if (!value.is_array()) {
    std::optional<std::string> text = ji::ScalarText(value);
    if (!text) return InvalidArgument("must be a list of strings", field);
    if (!text->empty()) out.push_back(std::move(*text));
    return out;
  }
  if (value.size() > ji::kMaxListEntries) {
    return InvalidArgument("has more than " + std::to_string(ji::kMaxListEntries) + " entries",
                           field);
  }
  for (size_t i = 0; i < value.size(); ++i) {
    const nlohmann::json& e = value[i];
    if (e.is_null()) continue;
    std::optional<std::string> text;
    if (e.is_object()) {
      auto name = e.find("name");
      if (name != e.end() && name->is_string()) text = name->get<std::string>();
    } else {
      text = ji::ScalarText(e);
    }
    if (!text) {
      return InvalidArgument("must be a string or an object with a name",
                             field + "[" + std::to_string(i) + "]");
    }
    if (!text->empty()) out.push_back(std::move(*text));
  }
  return out;
}

Result<std::vector<std::string>> Texts(const nlohmann::json& doc, const Key& key) {
  const char* name;
  const nlohmann::json* v = ValueOf(doc, key, &name);
  if (v == nullptr) return std::vector<std::string>();
  return TextList(*v, name);
}

// A time as epoch seconds or milliseconds or RFC 3339 (json_input::TimeValue); nullopt when
// absent, null or "".
Result<std::optional<Time>> TimeOf(const nlohmann::json& doc, const Key& key) {
  const char* name;
  const nlohmann::json* v = ValueOf(doc, key, &name);
  if (v == nullptr || (v->is_string() && v->get_ref<const std::string&>().empty())) {
    return std::optional<Time>();
  }
  return ji::TimeValue(*v, name);
}

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// A `tags` object (e.g. {"team": {{ json accumulations.tag.team }}}): each tag's values,
// comma-separated, as a label unless `labels` already has that name.
Status AddTags(const nlohmann::json& doc, rules::Labels* labels) {
  auto tags = doc.find("tags");
  if (tags == doc.end() || tags->is_null()) return Status::Ok();
  if (!tags->is_object()) return InvalidArgument("must be an object", "tags");
  if (tags->size() > ji::kMaxListEntries) {
    return InvalidArgument("has more than " + std::to_string(ji::kMaxListEntries) + " entries",
                           "tags");
  }
  for (const auto& [name, value] : tags->items()) {
    if (value.is_null() || name.empty()) continue;
    std::vector<std::string> values;
    NAGAME_ASSIGN_OR_RETURN(values, TextList(value, ji::FieldPath("tags", name)));
    if (values.empty()) continue;
    labels->emplace(name, Join(values, ","));
  }
  return Status::Ok();
}

}  // namespace

Result<rules::Delivery> ParseNewRelicWebhook(std::string_view body, Time received_at) {
  nlohmann::json doc;
  NAGAME_ASSIGN_OR_RETURN(doc, ji::Parse(body));
  if (!doc.is_object()) return InvalidArgument("must be a JSON object", "body");

  rules::AlertEvent a;
  NAGAME_ASSIGN_OR_RETURN(a.fingerprint, Text(doc, kId));
  if (a.fingerprint.empty()) return Missing(kId);

  std::string state;
  NAGAME_ASSIGN_OR_RETURN(state, Text(doc, kState));
  if (state.empty()) return Missing(kState);
  state = Upper(std::move(state));
  if (state == "ACTIVATED" || state == "CREATED" || state == "ACKNOWLEDGED") {
    a.status = rules::AlertStatus::kFiring;
  } else if (state == "CLOSED") {
    a.status = rules::AlertStatus::kResolved;
  } else {
    return InvalidArgument("must be ACTIVATED, CREATED, ACKNOWLEDGED or CLOSED", kState.name);
  }

  std::optional<Time> created_at;
  NAGAME_ASSIGN_OR_RETURN(created_at, TimeOf(doc, kCreatedAt));
  if (!created_at) return Missing(kCreatedAt);
  a.starts_at = *created_at;
  if (a.status == rules::AlertStatus::kResolved) {
    NAGAME_ASSIGN_OR_RETURN(a.ends_at, TimeOf(doc, kClosedAt));
    const char* end_key = kClosedAt.name;
    if (!a.ends_at) {
      NAGAME_ASSIGN_OR_RETURN(a.ends_at, TimeOf(doc, kUpdatedAt));
      end_key = NameIn(doc, kUpdatedAt);
    }
    if (!a.ends_at) a.ends_at = received_at;
    if (*a.ends_at < a.starts_at) return InvalidArgument("is before createdAt", end_key);
  }

  std::vector<std::string> conditions, policies;
  NAGAME_ASSIGN_OR_RETURN(conditions, Texts(doc, kConditions));
  if (conditions.empty()) return Missing(kConditions);
  NAGAME_ASSIGN_OR_RETURN(policies, Texts(doc, kPolicies));
  a.rule = policies.empty() ? conditions[0] : policies[0] + " / " + conditions[0];
  a.labels["condition"] = conditions[0];
  if (!policies.empty()) a.labels["policy"] = policies[0];

  std::string priority;
  NAGAME_ASSIGN_OR_RETURN(priority, Text(doc, kPriority));
  if (!priority.empty()) a.labels["severity"] = Lower(priority);
  std::vector<std::string> entities;
  NAGAME_ASSIGN_OR_RETURN(entities, Texts(doc, kEntities));
  if (!entities.empty()) a.labels["entity"] = Join(entities, ", ");
  NAGAME_RETURN_IF_ERROR(AddTags(doc, &a.labels));

  std::string acknowledged_by, is_acknowledged;
  NAGAME_ASSIGN_OR_RETURN(acknowledged_by, Text(doc, kAcknowledgedBy));
  NAGAME_ASSIGN_OR_RETURN(is_acknowledged, Text(doc, kIsAcknowledged));
  if (state == "ACKNOWLEDGED") {
    a.acknowledged_by = acknowledged_by.empty() ? "unknown" : acknowledged_by;
  } else if (Lower(is_acknowledged) == "true" && !acknowledged_by.empty()) {
    a.acknowledged_by = acknowledged_by;
  }

  const struct {
    const Key& key;
    const char* annotation;
  } annotations[] = {{kTitle, "summary"},
                     {kTrigger, "trigger"},
                     {kWorkflow, "workflow"},
                     {kTotalIncidents, "total_incidents"}};
  for (const auto& [key, annotation] : annotations) {
    std::string value;
    NAGAME_ASSIGN_OR_RETURN(value, Text(doc, key));
    if (!value.empty()) a.annotations[annotation] = std::move(value);
  }
  NAGAME_ASSIGN_OR_RETURN(a.generator_url, Text(doc, kIssueUrl));

  rules::Delivery d;
  d.source = "newrelic";
  d.received_at = received_at;
  d.status = state;
  d.group_key = a.fingerprint;
  auto workflow = a.annotations.find("workflow");
  if (workflow != a.annotations.end()) d.receiver = workflow->second;
  d.alerts.push_back(std::move(a));
  return d;
}

std::shared_ptr<const ConfiguredSource> LoadNewRelicSource(config::Reader& reader,
                                                           const config::Entry& block) {
  return LoadCredentialedSource(reader, block, &ParseNewRelicWebhook);
}

}  // namespace nagame::bot

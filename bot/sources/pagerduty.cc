// The PagerDuty source: v3 incident events to alerts (everything else accepted and empty), and
// the signature check.
#include "bot/sources/pagerduty.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "bot/auth/hmac.h"
#include "bot/auth/tokens.h"
#include "bot/config/reader.h"
#include "bot/sources/json_input.h"

namespace nagame::bot {
namespace {

namespace ji = json_input;

constexpr std::string_view kSignatureHeader = "X-PagerDuty-Signature";

// A resource reference's (`{"id", "summary", "type", ...}`) summary; "" when absent or null.
Result<std::string> Summary(const nlohmann::json& object, const char* key,
                            const std::string& path) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::string();
  const std::string field = ji::FieldPath(path, key);
  if (!it->is_object()) return InvalidArgument("must be an object", field);
  return ji::String(*it, "summary", field, false);
}

// The summaries of an array of references (teams), comma-separated.
Result<std::string> Summaries(const nlohmann::json& object, const char* key,
                              const std::string& path) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::string();
  const std::string field = ji::FieldPath(path, key);
  if (!it->is_array()) return InvalidArgument("must be an array", field);
  if (it->size() > ji::kMaxListEntries) {
    return InvalidArgument("has more than " + std::to_string(ji::kMaxListEntries) + " entries",
                           field);
  }
  std::string out;
  for (size_t i = 0; i < it->size(); ++i) {
    const std::string item = field + "[" + std::to_string(i) + "]";
    if (!(*it)[i].is_object()) return InvalidArgument("must be an object", item);
    std::string summary;
    NAGAME_ASSIGN_OR_RETURN(summary, ji::String((*it)[i], "summary", item, false));
    if (summary.empty()) continue;
    if (!out.empty()) out += ",";
    out += summary;
  }
  return out;
}

// Who acknowledged: the agent's summary, else its id, else "unknown".
Result<std::string> Acknowledger(const nlohmann::json& event) {
  auto agent = event.find("agent");
  if (agent == event.end() || agent->is_null()) return std::string("unknown");
  if (!agent->is_object()) return InvalidArgument("must be an object or null", "event.agent");
  std::string who;
  NAGAME_ASSIGN_OR_RETURN(who, ji::String(*agent, "summary", "event.agent", false));
  if (who.empty()) {
    NAGAME_ASSIGN_OR_RETURN(who, ji::String(*agent, "id", "event.agent", false));
  }
  return who.empty() ? std::string("unknown") : who;
}

Result<rules::AlertEvent> ParseIncident(const nlohmann::json& event, const std::string& type,
                                        const nlohmann::json& data, Time received_at) {
  const std::string path = "event.data";
  rules::AlertEvent a;
  NAGAME_ASSIGN_OR_RETURN(a.fingerprint, ji::String(data, "id", path, true));
  if (a.fingerprint.empty()) return InvalidArgument("must not be empty", path + ".id");

  auto service = data.find("service");
  if (service == data.end() || service->is_null()) {
    return InvalidArgument("is required", path + ".service");
  }
  NAGAME_ASSIGN_OR_RETURN(a.rule, Summary(data, "service", path));
  if (a.rule.empty()) return InvalidArgument("is required", path + ".service.summary");

  std::optional<Time> created_at, reopened_at;
  NAGAME_ASSIGN_OR_RETURN(created_at, ji::Timestamp(data, "created_at", path, true));
  if (!created_at) return InvalidArgument("must not be the zero time", path + ".created_at");
  NAGAME_ASSIGN_OR_RETURN(reopened_at, ji::Timestamp(data, "reopened_at", path, false));
  a.starts_at = reopened_at.value_or(*created_at);

  std::string status;
  NAGAME_ASSIGN_OR_RETURN(status, ji::String(data, "status", path, false));
  const bool resolved =
      type == "incident.resolved" || (type != "incident.triggered" && type != "incident.reopened" &&
                                      type != "incident.acknowledged" &&
                                      type != "incident.unacknowledged" && status == "resolved");
  if (resolved) {
    a.status = rules::AlertStatus::kResolved;
    NAGAME_ASSIGN_OR_RETURN(a.ends_at, ji::Timestamp(event, "occurred_at", "event", false));
    if (!a.ends_at) a.ends_at = received_at;
    if (*a.ends_at < a.starts_at) {
      return InvalidArgument("is before the incident's start", "event.occurred_at");
    }
  }
  if (type == "incident.acknowledged") {
    NAGAME_ASSIGN_OR_RETURN(a.acknowledged_by, Acknowledger(event));
  }

  std::string service_id, priority, urgency, policy, teams;
  NAGAME_ASSIGN_OR_RETURN(service_id, ji::String(*service, "id", path + ".service", false));
  NAGAME_ASSIGN_OR_RETURN(priority, Summary(data, "priority", path));
  NAGAME_ASSIGN_OR_RETURN(urgency, ji::String(data, "urgency", path, false));
  NAGAME_ASSIGN_OR_RETURN(policy, Summary(data, "escalation_policy", path));
  NAGAME_ASSIGN_OR_RETURN(teams, Summaries(data, "teams", path));
  a.labels["service"] = a.rule;
  const std::pair<const char*, const std::string&> labels[] = {
      {"service_id", service_id},    {"severity", priority.empty() ? urgency : priority},
      {"priority", priority},        {"urgency", urgency},
      {"escalation_policy", policy}, {"team", teams}};
  for (const auto& [name, value] : labels) {
    if (!value.empty()) a.labels[name] = value;
  }

  std::string title, key, url;
  NAGAME_ASSIGN_OR_RETURN(title, ji::String(data, "title", path, false));
  NAGAME_ASSIGN_OR_RETURN(key, ji::String(data, "incident_key", path, false));
  if (!title.empty()) a.annotations["summary"] = title;
  if (!key.empty()) a.annotations["incident_key"] = key;
  auto number = data.find("number");
  if (number != data.end() && number->is_number_integer()) {
    a.annotations["incident_number"] = number->dump();
  }
  NAGAME_ASSIGN_OR_RETURN(a.generator_url, ji::String(data, "html_url", path, false));
  return a;
}

// A subscription's events, signed with one of its signing secrets.
class PagerDutySource : public ConfiguredSource {
 public:
  explicit PagerDutySource(std::vector<std::string> secrets) : secrets_(std::move(secrets)) {}

  Status Authenticate(const WebhookRequest& request) const override {
    return VerifyPagerDutySignature(request.header(kSignatureHeader), request.body, secrets_);
  }

  Result<rules::Delivery> Parse(const WebhookRequest& request) const override {
    return ParsePagerDutyWebhook(request.body, request.received_at);
  }

  nlohmann::json Describe() const override {
    return {{"signing_secrets", std::vector<std::string>(secrets_.size(), config::kRedacted)}};
  }

 private:
  std::vector<std::string> secrets_;
};

// The secrets of `signing_secrets` given as a list.
std::vector<std::string> SecretList(config::Reader& reader, const config::Entry& e) {
  std::vector<std::string> out;
  auto items = reader.List(e.value, e.where);
  if (!items) return out;
  for (const auto& [node, where] : *items) {
    auto text = reader.Scalar(node, where, /*secret=*/true);
    if (!text) continue;
    if (text->value.empty()) {
      reader.Add(where, "must not be empty");
      continue;
    }
    out.push_back(std::move(text->value));
  }
  return out;
}

// One secret per line of `text` (a file, or one string), blank lines skipped.
std::vector<std::string> SecretLines(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) {
      line.remove_suffix(1);
    }
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) {
      line.remove_prefix(1);
    }
    if (!line.empty()) out.emplace_back(line);
  }
  return out;
}

}  // namespace

Result<rules::Delivery> ParsePagerDutyWebhook(std::string_view body, Time received_at) {
  nlohmann::json doc;
  NAGAME_ASSIGN_OR_RETURN(doc, ji::Parse(body));
  if (!doc.is_object()) return InvalidArgument("must be a JSON object", "body");
  auto event = doc.find("event");
  if (event == doc.end() || event->is_null()) return InvalidArgument("is required", "event");
  if (!event->is_object()) return InvalidArgument("must be an object", "event");

  rules::Delivery d;
  d.source = "pagerduty";
  d.received_at = received_at;
  NAGAME_ASSIGN_OR_RETURN(d.status, ji::String(*event, "event_type", "event", true));
  if (d.status.empty()) return InvalidArgument("must not be empty", "event.event_type");
  NAGAME_ASSIGN_OR_RETURN(d.group_key, ji::String(*event, "id", "event", false));

  auto data = event->find("data");
  if (data == event->end() || data->is_null()) return InvalidArgument("is required", "event.data");
  if (!data->is_object()) return InvalidArgument("must be an object", "event.data");
  std::string data_type;
  NAGAME_ASSIGN_OR_RETURN(data_type, ji::String(*data, "type", "event.data", false));
  const bool lifecycle = d.status == "incident.triggered" || d.status == "incident.reopened" ||
                         d.status == "incident.acknowledged" || d.status == "incident.resolved";
  // Not about an incident (a note, a responder, a service, ...): nothing to record.
  if (data_type != "incident" && !(data_type.empty() && lifecycle)) return d;

  rules::AlertEvent a;
  NAGAME_ASSIGN_OR_RETURN(a, ParseIncident(*event, d.status, *data, received_at));
  d.alerts.push_back(std::move(a));
  return d;
}

Status VerifyPagerDutySignature(std::string_view header, std::string_view body,
                                const std::vector<std::string>& secrets) {
  if (header.empty()) return Status(Code::kUnauthenticated, "missing X-PagerDuty-Signature");
  std::vector<std::string> expected;
  expected.reserve(secrets.size());
  for (const std::string& secret : secrets) expected.push_back(HexLower(HmacSha256(secret, body)));
  bool valid = false;
  while (!header.empty()) {
    const size_t comma = std::min(header.find(','), header.size());
    std::string entry(header.substr(0, comma));
    header.remove_prefix(std::min(comma + 1, header.size()));
    std::erase_if(entry, [](unsigned char c) { return std::isspace(c); });
    if (!entry.starts_with("v1=")) continue;
    for (char& c : entry) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string_view presented = std::string_view(entry).substr(3);
    for (const std::string& e : expected) valid |= ConstantTimeEquals(presented, e);
  }
  if (!valid) return Status(Code::kUnauthenticated, "no valid X-PagerDuty-Signature");
  return Status::Ok();
}

std::shared_ptr<const ConfiguredSource> LoadPagerDutySource(config::Reader& reader,
                                                            const config::Entry& block) {
  const size_t problems_before = reader.problem_count();
  const std::vector<std::string> keys = {"signing_secrets", "signing_secrets_file"};
  auto entries = reader.Map(block.value, block.where, &keys);
  if (!entries) return nullptr;
  std::vector<std::string> secrets;
  const config::Entry* list = config::Reader::Find(*entries, "signing_secrets");
  if (list != nullptr && list->value.IsSequence()) {
    if (const config::Entry* file = config::Reader::Find(*entries, "signing_secrets_file")) {
      reader.Add(file->where, "give either signing_secrets or signing_secrets_file, not both");
    }
    secrets = SecretList(reader, *list);
  } else {
    // One secret inline, or the file: *_file handling as for every other secret.
    config::Secret secret = reader.ReadSecret(*entries, "signing_secrets");
    secrets = SecretLines(secret.value);
  }
  if (secrets.empty() && reader.problem_count() == problems_before) {
    reader.Add(block.where,
               "needs signing_secrets: the signing secret PagerDuty shows when the webhook "
               "subscription is created");
  }
  if (reader.problem_count() != problems_before) return nullptr;
  return std::make_shared<PagerDutySource>(std::move(secrets));
}

}  // namespace nagame::bot

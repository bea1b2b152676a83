// Generic JSON webhook parser: a configured mapping of JSON Pointers.
#include "bot/sources/generic.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "bot/config/reader.h"
#include "bot/sources/credentialed_source.h"
#include "bot/sources/json_input.h"

namespace nagame::bot {
namespace {

namespace ji = json_input;

using nlohmann::json;

// One alert being read: where it sits in the body, for error fields.
struct AlertAt {
  const json& value;
  std::string prefix;  // "/items/3", or "" when the body is the alert

  std::string Field(const JsonPointer& p) const {
    std::string f = prefix + p.text();
    return f.empty() ? "body" : f;
  }
  // The member `token` of the object at `p`.
  std::string Field(const JsonPointer& p, const std::string& token) const {
    return prefix + p.text() + "/" + EscapeJsonPointerToken(token);
  }
};

Status Missing(const AlertAt& at, const JsonPointer& p, const char* key) {
  return InvalidArgument(std::string("missing (mapping ") + key + ")", at.Field(p));
}

// The scalar at `p` as text; errors when absent, null or not a scalar.
Result<std::string> RequiredText(const AlertAt& at, const JsonPointer& p, const char* key) {
  const json* v = p.Find(at.value);
  if (!v || v->is_null()) return Missing(at, p, key);
  auto text = ji::ScalarText(*v);
  if (!text) {
    return InvalidArgument(std::string("must be a string or number (mapping ") + key + ")",
                           at.Field(p));
  }
  if (text->empty()) {
    return InvalidArgument(std::string("must not be empty (mapping ") + key + ")", at.Field(p));
  }
  return *text;
}

// "[a, b]" for a message.
std::string ListText(const std::vector<std::string>& values) {
  std::string out = "[";
  for (const std::string& v : values) out += (out.size() > 1 ? ", " : "") + v;
  return out + "]";
}

Result<rules::AlertStatus> ReadStatus(const AlertAt& at, const GenericMapping& m) {
  std::string status;
  NAGAME_ASSIGN_OR_RETURN(status, RequiredText(at, m.status, "status.pointer"));
  auto in = [&](const std::vector<std::string>& values) {
    return std::find(values.begin(), values.end(), status) != values.end();
  };
  if (in(m.firing)) return rules::AlertStatus::kFiring;
  if (in(m.resolved)) return rules::AlertStatus::kResolved;
  // The value itself is not echoed: it is the sender's text, of any length.
  return InvalidArgument("matches neither status.firing " + ListText(m.firing) +
                             " nor status.resolved " + ListText(m.resolved),
                         at.Field(m.status));
}

Status ReadLabels(const AlertAt& at, const GenericMapping& m, rules::Labels& labels) {
  if (m.labels) {
    const json* object = m.labels->Find(at.value);
    if (object && !object->is_null()) {
      if (!object->is_object()) {
        return InvalidArgument("must be an object (mapping labels)", at.Field(*m.labels));
      }
      for (auto it = object->begin(); it != object->end(); ++it) {
        if (it->is_null()) continue;
        auto text = ji::ScalarText(*it);
        if (!text) {
          return InvalidArgument("must be a string, number or boolean (mapping labels)",
                                 at.Field(*m.labels, it.key()));
        }
        labels[it.key()] = std::move(*text);
      }
    }
  }
  for (const auto& [name, pointer] : m.label_pointers) {
    const json* v = pointer.Find(at.value);
    if (!v || v->is_null()) continue;
    auto text = ji::ScalarText(*v);
    if (!text) {
      return InvalidArgument("must be a string, number or boolean (mapping labels." + name + ")",
                             at.Field(pointer));
    }
    labels[name] = std::move(*text);
  }
  return Status::Ok();
}

Result<rules::AlertEvent> ParseAlert(const AlertAt& at, const GenericMapping& m, Time received_at) {
  rules::AlertEvent ev;
  NAGAME_ASSIGN_OR_RETURN(ev.rule, RequiredText(at, m.rule, "rule"));
  NAGAME_ASSIGN_OR_RETURN(ev.status, ReadStatus(at, m));
  NAGAME_RETURN_IF_ERROR(ReadLabels(at, m, ev.labels));

  const json* starts = m.starts_at.Find(at.value);
  if (!starts || starts->is_null()) return Missing(at, m.starts_at, "starts_at");
  std::optional<Time> starts_at;
  NAGAME_ASSIGN_OR_RETURN(starts_at, ji::TimeValue(*starts, at.Field(m.starts_at)));
  if (!starts_at) {
    return InvalidArgument("must not be the zero time (mapping starts_at)", at.Field(m.starts_at));
  }
  ev.starts_at = *starts_at;
  if (ev.status == rules::AlertStatus::kResolved) {
    const json* ends = m.ends_at ? m.ends_at->Find(at.value) : nullptr;
    if (ends && !ends->is_null()) {
      NAGAME_ASSIGN_OR_RETURN(ev.ends_at, ji::TimeValue(*ends, at.Field(*m.ends_at)));
      if (ev.ends_at && *ev.ends_at < ev.starts_at) {
        return InvalidArgument("is before starts_at (mapping ends_at)", at.Field(*m.ends_at));
      }
    }
    // Our clock may be behind the sender's: an end we supply is never before the start.
    if (!ev.ends_at) ev.ends_at = std::max(received_at, ev.starts_at);
  }

  if (m.key) {
    NAGAME_ASSIGN_OR_RETURN(ev.fingerprint, RequiredText(at, *m.key, "key"));
  } else {
    ev.fingerprint = rules::FingerprintOf("generic/" + ev.rule, ev.labels);
  }
  return ev;
}

// A sender authenticating like every other (CredentialedSource), parsed with its mapping.
class GenericSource : public CredentialedSource {
 public:
  GenericSource(AuthConfig auth, GenericMapping mapping)
      : CredentialedSource(std::move(auth), /*parse=*/nullptr), mapping_(std::move(mapping)) {}

  Result<rules::Delivery> Parse(const WebhookRequest& request) const override {
    return ParseGenericWebhook(request.body, request.received_at, mapping_);
  }

  nlohmann::json Describe() const override {
    json j = CredentialedSource::Describe();
    json& m = j["mapping"];
    if (mapping_.alerts) m["alerts"] = mapping_.alerts->text();
    m["rule"] = mapping_.rule.text();
    if (mapping_.key) m["key"] = mapping_.key->text();
    m["status"] = {{"pointer", mapping_.status.text()},
                   {"firing", mapping_.firing},
                   {"resolved", mapping_.resolved}};
    m["starts_at"] = mapping_.starts_at.text();
    if (mapping_.ends_at) m["ends_at"] = mapping_.ends_at->text();
    if (mapping_.labels) m["labels"] = mapping_.labels->text();
    for (const auto& [name, pointer] : mapping_.label_pointers) m["labels"][name] = pointer.text();
    return j;
  }

 private:
  GenericMapping mapping_;
};

// --- The mapping block ---------------------------------------------------------------------

// A JSON pointer written in the config; "" only when `allow_whole`.
std::optional<JsonPointer> ReadPointer(config::Reader& reader, const YAML::Node& node,
                                       const config::Where& where, bool allow_whole = false) {
  auto text = reader.Scalar(node, where, false, "a JSON pointer (e.g. \"/name\")");
  if (!text) return std::nullopt;
  if (text->value.empty() && !allow_whole) {
    reader.Add(where, "must not be empty (a JSON pointer such as \"/name\")");
    return std::nullopt;
  }
  auto pointer = JsonPointer::Parse(text->value);
  if (!pointer.ok()) {
    reader.Add(where, "not a JSON pointer" + config::Reader::Shown(*text) + ": " +
                          pointer.status().message());
    return std::nullopt;
  }
  return *pointer;
}

// The status values of `firing:` or `resolved:`: a list of scalars, or one scalar.
std::vector<std::pair<std::string, config::Where>> ReadValues(config::Reader& reader,
                                                              const config::Entry& e) {
  std::vector<std::pair<YAML::Node, config::Where>> items;
  if (e.value.IsScalar()) {
    items.push_back({e.value, e.where});
  } else if (auto list = reader.List(e.value, e.where)) {
    items = std::move(*list);
  }
  std::vector<std::pair<std::string, config::Where>> out;
  for (auto& [node, where] : items) {
    auto text = reader.Scalar(node, where, false, "a status value");
    if (!text) continue;
    if (text->value.empty()) {
      reader.Add(where, "must not be empty");
      continue;
    }
    out.push_back({std::move(text->value), std::move(where)});
  }
  return out;
}

void ReadStatusBlock(config::Reader& reader, const config::Entry& block, GenericMapping& out) {
  static const std::vector<std::string> kKeys = {"pointer", "firing", "resolved"};
  if (block.value.IsScalar()) {
    reader.Add(block.where,
               "must be a mapping: {pointer: /state, firing: [values…], resolved: [values…]}");
    return;
  }
  auto entries = reader.Map(block.value, block.where, &kKeys);
  if (!entries) return;
  const config::Entry* pointer = config::Reader::Find(*entries, "pointer");
  if (pointer == nullptr) {
    reader.Add(block.where, "pointer is required (where the status is in an alert)");
  } else if (auto p = ReadPointer(reader, pointer->value, pointer->where)) {
    out.status = *p;
  }
  const config::Entry* firing = config::Reader::Find(*entries, "firing");
  if (firing == nullptr) {
    reader.Add(block.where, "firing is required (the status values that mean firing)");
  } else {
    const size_t problems_before = reader.problem_count();
    for (auto& [value, where] : ReadValues(reader, *firing)) out.firing.push_back(value);
    if (out.firing.empty() && reader.problem_count() == problems_before) {
      reader.Add(firing->where, "needs at least one value");
    }
  }
  if (const config::Entry* resolved = config::Reader::Find(*entries, "resolved")) {
    for (auto& [value, where] : ReadValues(reader, *resolved)) {
      if (std::find(out.firing.begin(), out.firing.end(), value) != out.firing.end()) {
        reader.Add(where, "\"" + value + "\" is also a firing value: each value means one status");
        continue;
      }
      out.resolved.push_back(value);
    }
  }
}

void ReadLabelsEntry(config::Reader& reader, const config::Entry& e, GenericMapping& out) {
  if (!e.value.IsMap()) {
    out.labels = ReadPointer(reader, e.value, e.where);
    return;
  }
  auto entries = reader.Map(e.value, e.where, nullptr);
  for (const config::Entry& label : entries.value_or(std::vector<config::Entry>{})) {
    if (auto p = ReadPointer(reader, label.value, label.where)) {
      out.label_pointers.push_back({label.key, *p});
    }
  }
}

// The `mapping` block; nullopt when it has problems (each reported).
std::optional<GenericMapping> ReadMapping(config::Reader& reader, const config::Entry& block) {
  static const std::vector<std::string> kKeys = {"alerts", "rule",      "key",     "fingerprint",
                                                 "status", "starts_at", "ends_at", "labels"};
  const size_t problems_before = reader.problem_count();
  auto entries = reader.Map(block.value, block.where, &kKeys);
  if (!entries) return std::nullopt;
  GenericMapping m;
  auto find = [&](const char* key) { return config::Reader::Find(*entries, key); };
  for (const char* required : {"rule", "status", "starts_at"}) {
    if (find(required) == nullptr) reader.Add(block.where, std::string(required) + " is required");
  }
  if (const config::Entry* e = find("alerts")) {
    m.alerts = ReadPointer(reader, e->value, e->where, /*allow_whole=*/true);
  }
  if (const config::Entry* e = find("rule")) {
    if (auto p = ReadPointer(reader, e->value, e->where)) m.rule = *p;
  }
  const config::Entry* key = find("key");
  const config::Entry* fingerprint = find("fingerprint");
  if (key != nullptr && fingerprint != nullptr) {
    reader.Add(fingerprint->where, "give either key or fingerprint, not both");
  } else if (const config::Entry* e = key != nullptr ? key : fingerprint) {
    m.key = ReadPointer(reader, e->value, e->where);
  }
  if (const config::Entry* e = find("status")) ReadStatusBlock(reader, *e, m);
  if (const config::Entry* e = find("starts_at")) {
    if (auto p = ReadPointer(reader, e->value, e->where)) m.starts_at = *p;
  }
  if (const config::Entry* e = find("ends_at")) m.ends_at = ReadPointer(reader, e->value, e->where);
  if (const config::Entry* e = find("labels")) ReadLabelsEntry(reader, *e, m);
  if (reader.problem_count() != problems_before) return std::nullopt;
  return m;
}

}  // namespace

Result<rules::Delivery> ParseGenericWebhook(std::string_view body, Time received_at,
                                            const GenericMapping& mapping) {
  json doc;
  NAGAME_ASSIGN_OR_RETURN(doc, ji::Parse(body));
  rules::Delivery d;
  d.source = "generic";
  d.received_at = received_at;
  if (!mapping.alerts) {
    rules::AlertEvent ev;
    NAGAME_ASSIGN_OR_RETURN(ev, ParseAlert(AlertAt{doc, ""}, mapping, received_at));
    d.alerts.push_back(std::move(ev));
    return d;
  }
  const JsonPointer& alerts_at = *mapping.alerts;
  const std::string field = alerts_at.whole_document() ? "body" : alerts_at.text();
  const json* alerts = alerts_at.Find(doc);
  if (!alerts || alerts->is_null()) return InvalidArgument("missing (mapping alerts)", field);
  if (!alerts->is_array()) return InvalidArgument("must be an array (mapping alerts)", field);
  d.alerts.reserve(alerts->size());
  for (size_t i = 0; i < alerts->size(); ++i) {
    rules::AlertEvent ev;
    NAGAME_ASSIGN_OR_RETURN(
        ev, ParseAlert(AlertAt{(*alerts)[i], alerts_at.text() + "/" + std::to_string(i)}, mapping,
                       received_at));
    d.alerts.push_back(std::move(ev));
  }
  return d;
}

std::shared_ptr<const ConfiguredSource> LoadGenericSource(config::Reader& reader,
                                                          const config::Entry& block) {
  const size_t problems_before = reader.problem_count();
  auto entries = ReadSourceBlock(reader, block, {"mapping"});
  if (!entries) return nullptr;
  AuthConfig auth = ReadSourceCredentials(reader, *entries, block);
  std::optional<GenericMapping> mapping;
  if (const config::Entry* e = config::Reader::Find(*entries, "mapping")) {
    mapping = ReadMapping(reader, *e);
  } else {
    reader.Add(block.where,
               "mapping is required (JSON pointers to rule, status and starts_at at least)");
  }
  if (reader.problem_count() != problems_before || !mapping) return nullptr;
  return std::make_shared<GenericSource>(std::move(auth), std::move(*mapping));
}

}  // namespace nagame::bot

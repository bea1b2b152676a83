// Generic JSON webhook parser: a configured mapping of JSON Pointers.
#include "bot/sources/generic.h"

#include <algorithm>

#include <nlohmann/json.hpp>

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

}  // namespace nagame::bot

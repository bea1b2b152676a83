// JSON encoding and decoding of people's records.
#include "bot/review/record_json.h"

#include <initializer_list>
#include <optional>
#include <string>

namespace nagame::bot {
namespace {

using nlohmann::json;

json OptionalId(const std::optional<int64_t>& id) { return id ? json(*id) : json(); }

// Reads the fields of one JSON object, remembering the first problem.
class Fields {
 public:
  Fields(const json& body, std::initializer_list<const char*> allowed) : body_(body) {
    if (!body.is_object()) {
      Fail(InvalidArgument("must be a JSON object", "body"));
      return;
    }
    for (const auto& [key, value] : body.items()) {
      bool known = false;
      for (const char* a : allowed) known |= key == a;
      if (!known) Fail(InvalidArgument("unknown field", key));
    }
  }

  std::string Text(const char* key) {
    const json* v = Find(key);
    if (!v) return "";
    if (!v->is_string()) {
      Fail(InvalidArgument("must be a string", key));
      return "";
    }
    return v->get<std::string>();
  }

  std::optional<int64_t> Id(const char* key) {
    const json* v = Find(key);
    if (!v) return std::nullopt;
    if (!v->is_number_integer() || v->get<int64_t>() <= 0) {
      Fail(InvalidArgument("must be a positive integer", key));
      return std::nullopt;
    }
    return v->get<int64_t>();
  }

  // Unset (the epoch) when absent.
  Time At(const char* key) {
    const json* v = Find(key);
    if (!v) return Time{};
    if (!v->is_string()) {
      Fail(InvalidArgument("must be an RFC 3339 time", key));
      return Time{};
    }
    auto t = ParseRfc3339(v->get<std::string>());
    if (!t.ok() || !t->has_value()) {
      Fail(InvalidArgument("must be an RFC 3339 time", key));
      return Time{};
    }
    return **t;
  }

  void Fail(Status st) {
    if (status_.ok()) status_ = std::move(st);
  }
  const Status& status() const { return status_; }

 private:
  const json* Find(const char* key) const {
    if (!body_.is_object()) return nullptr;
    auto it = body_.find(key);
    return it == body_.end() || it->is_null() ? nullptr : &*it;
  }
  const json& body_;
  Status status_;
};

}  // namespace

json ToJson(const rules::Ack& a) {
  return {{"id", a.id},
          {"source", a.source},
          {"rule", a.rule},
          {"episode_id", OptionalId(a.episode_id)},
          {"user", a.user},
          {"note", a.note},
          {"at", FormatRfc3339(a.at)}};
}

json ToJson(const rules::Feedback& f) {
  return {{"id", f.id},     {"rule", f.rule}, {"verdict", rules::VerdictName(f.verdict)},
          {"user", f.user}, {"note", f.note}, {"at", FormatRfc3339(f.at)}};
}

json ToJson(const rules::Decision& d) {
  return {{"id", d.id},     {"rule", d.rule},     {"action", rules::DecisionActionName(d.action)},
          {"note", d.note}, {"author", d.author}, {"at", FormatRfc3339(d.at)}};
}

json ToJson(const rules::Incident& i) {
  return {{"id", i.id},
          {"service", i.service},
          {"text", i.text},
          {"author", i.author},
          {"started_at", FormatRfc3339(i.started_at)},
          {"episode_id", OptionalId(i.episode_id)}};
}

Result<rules::Ack> AckFromJson(const json& body) {
  Fields f(body, {"rule", "user", "source", "episode_id", "note", "at"});
  rules::Ack a;
  a.rule = f.Text("rule");
  a.user = f.Text("user");
  a.source = f.Text("source");
  a.episode_id = f.Id("episode_id");
  a.note = f.Text("note");
  a.at = f.At("at");
  if (!f.status().ok()) return f.status();
  return a;
}

Result<rules::Feedback> FeedbackFromJson(const json& body) {
  Fields f(body, {"rule", "verdict", "user", "note", "at"});
  rules::Feedback fb;
  fb.rule = f.Text("rule");
  const std::string verdict = f.Text("verdict");
  fb.user = f.Text("user");
  fb.note = f.Text("note");
  fb.at = f.At("at");
  if (!f.status().ok()) return f.status();
  auto v = rules::ParseVerdict(verdict);
  if (!v) return InvalidArgument("must be one of actionable, noise, duplicate", "verdict");
  fb.verdict = *v;
  return fb;
}

Result<rules::Decision> DecisionFromJson(const json& body) {
  Fields f(body, {"rule", "action", "author", "note", "at"});
  rules::Decision d;
  d.rule = f.Text("rule");
  const std::string action = f.Text("action");
  d.author = f.Text("author");
  d.note = f.Text("note");
  d.at = f.At("at");
  if (!f.status().ok()) return f.status();
  auto a = rules::ParseDecisionAction(action);
  if (!a) return InvalidArgument("must be one of keep, tune, delete, add, ticket", "action");
  d.action = *a;
  return d;
}

Result<rules::Incident> IncidentFromJson(const json& body) {
  Fields f(body, {"service", "text", "author", "started_at", "episode_id"});
  rules::Incident i;
  i.service = f.Text("service");
  i.text = f.Text("text");
  i.author = f.Text("author");
  i.started_at = f.At("started_at");
  i.episode_id = f.Id("episode_id");
  if (!f.status().ok()) return f.status();
  return i;
}

}  // namespace nagame::bot

// Alertmanager API v2 client: silences.
#include "bot/upstream/alertmanager_client.h"

#include "bot/sources/json_input.h"
#include "bot/upstream/json_api.h"

namespace nagame::bot {
namespace {

namespace ji = json_input;
using nlohmann::json;

constexpr char kSilencesTarget[] = "/api/v2/silences";

Result<bool> Flag(const json& object, const char* key, const std::string& path, bool fallback) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) return InvalidArgument("must be a boolean", ji::FieldPath(path, key));
  return it->get<bool>();
}

Result<Time> RequiredTime(const json& object, const char* key, const std::string& path) {
  std::optional<Time> t;
  NAGAME_ASSIGN_OR_RETURN(t, ji::Timestamp(object, key, path, true));
  if (!t) return InvalidArgument("must not be the zero time", ji::FieldPath(path, key));
  return *t;
}

Result<rules::SilenceMatcher> ParseMatcher(const json& m, const std::string& path) {
  if (!m.is_object()) return InvalidArgument("must be an object", path);
  rules::SilenceMatcher out;
  NAGAME_ASSIGN_OR_RETURN(out.name, ji::String(m, "name", path, true));
  NAGAME_ASSIGN_OR_RETURN(out.value, ji::String(m, "value", path, true));
  NAGAME_ASSIGN_OR_RETURN(out.is_regex, Flag(m, "isRegex", path, false));
  NAGAME_ASSIGN_OR_RETURN(out.is_equal, Flag(m, "isEqual", path, true));
  return out;
}

Result<rules::Silence> ParseSilence(const json& s, const std::string& path) {
  if (!s.is_object()) return InvalidArgument("must be an object", path);
  rules::Silence out;
  NAGAME_ASSIGN_OR_RETURN(out.id, ji::String(s, "id", path, true));
  NAGAME_ASSIGN_OR_RETURN(out.starts_at, RequiredTime(s, "startsAt", path));
  NAGAME_ASSIGN_OR_RETURN(out.ends_at, RequiredTime(s, "endsAt", path));
  NAGAME_ASSIGN_OR_RETURN(out.created_by, ji::String(s, "createdBy", path, false));
  NAGAME_ASSIGN_OR_RETURN(out.comment, ji::String(s, "comment", path, false));
  auto status = s.find("status");
  if (status != s.end() && !status->is_null()) {
    if (!status->is_object()) return InvalidArgument("must be an object", path + ".status");
    NAGAME_ASSIGN_OR_RETURN(out.state, ji::String(*status, "state", path + ".status", false));
  }
  auto matchers = s.find("matchers");
  if (matchers == s.end() || !matchers->is_array()) {
    return InvalidArgument("must be an array", ji::FieldPath(path, "matchers"));
  }
  for (size_t i = 0; i < matchers->size(); ++i) {
    rules::SilenceMatcher m;
    NAGAME_ASSIGN_OR_RETURN(
        m, ParseMatcher((*matchers)[i], path + ".matchers[" + std::to_string(i) + "]"));
    out.matchers.push_back(std::move(m));
  }
  return out;
}

}  // namespace

std::string AlertmanagerErrorText(const json& body) {
  if (body.is_string()) return body.get<std::string>();
  if (body.is_object()) {
    auto message = body.find("message");
    if (message != body.end() && message->is_string()) return message->get<std::string>();
  }
  return "";
}

Result<std::vector<rules::Silence>> ParseSilencesAnswer(const json& body) {
  if (!body.is_array()) {
    return MalformedAnswer(kSilencesTarget, InvalidArgument("must be an array", "body"));
  }
  std::vector<rules::Silence> out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    auto silence = ParseSilence(body[i], "[" + std::to_string(i) + "]");
    if (!silence.ok()) return MalformedAnswer(kSilencesTarget, silence.status());
    out.push_back(std::move(silence).value());
  }
  return out;
}

AlertmanagerClient::AlertmanagerClient(std::string base_url, net::HttpClientOptions options)
    : base_url_(std::move(base_url)), http_(std::move(options)) {}

Result<std::vector<rules::Silence>> AlertmanagerClient::Silences() const {
  json body;
  NAGAME_ASSIGN_OR_RETURN(body, GetJson(http_, base_url_, kSilencesTarget, AlertmanagerErrorText));
  return ParseSilencesAnswer(body);
}

}  // namespace nagame::bot

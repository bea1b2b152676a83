// Typed, path-naming access to the fields of upstream answers.
#include "bot/upstream/answer_fields.h"

#include <cmath>

#include "bot/sources/json_input.h"

namespace nagame::bot {
namespace {

namespace ji = json_input;
using nlohmann::json;

// The field, or nullptr when absent or null. REQUIRES: object.is_object().
const json* Find(const json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

}  // namespace

std::string Indexed(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

Result<const json*> ArrayOf(const json& object, const char* key, const std::string& path,
                            bool required) {
  static const json kEmpty = json::array();
  if (!object.is_object()) return InvalidArgument("must be an object", path);
  const json* v = Find(object, key);
  if (v == nullptr) {
    if (required) return InvalidArgument("is required", ji::FieldPath(path, key));
    return &kEmpty;
  }
  if (!v->is_array()) return InvalidArgument("must be an array", ji::FieldPath(path, key));
  return v;
}

Result<const json*> ObjectOf(const json& object, const char* key, const std::string& path,
                             bool required) {
  if (!object.is_object()) return InvalidArgument("must be an object", path);
  const json* v = Find(object, key);
  if (v == nullptr) {
    if (required) return InvalidArgument("is required", ji::FieldPath(path, key));
    return nullptr;
  }
  if (!v->is_object()) return InvalidArgument("must be an object", ji::FieldPath(path, key));
  return v;
}

Result<std::string> RequiredText(const json& object, const char* key, const std::string& path) {
  std::string text;
  NAGAME_ASSIGN_OR_RETURN(text, ji::String(object, key, path, true));
  if (text.empty()) return InvalidArgument("must not be empty", ji::FieldPath(path, key));
  return text;
}

Result<bool> BoolField(const json& object, const char* key, const std::string& path,
                       bool fallback) {
  if (!object.is_object()) return InvalidArgument("must be an object", path);
  const json* v = Find(object, key);
  if (v == nullptr) return fallback;
  if (!v->is_boolean()) return InvalidArgument("must be a boolean", ji::FieldPath(path, key));
  return v->get<bool>();
}

Result<Duration> PromDurationField(const json& object, const char* key, const std::string& path) {
  if (!object.is_object()) return InvalidArgument("must be an object", path);
  const json* v = Find(object, key);
  if (v == nullptr) return Duration(0);
  const std::string field = ji::FieldPath(path, key);
  if (v->is_number()) {
    double s = v->get<double>();
    if (!std::isfinite(s) || s < 0 || s > 1e9) {
      return InvalidArgument("must be a non-negative number of seconds", field);
    }
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(s));
  }
  if (!v->is_string()) return InvalidArgument("must be a duration such as \"5m\"", field);
  const std::string text = v->get<std::string>();
  if (text.empty() || text == "0" || text == "0s") return Duration(0);
  auto d = ParseDuration(text);
  if (!d.ok()) return InvalidArgument("must be a duration such as \"5m\"", field);
  return *d;
}

Result<Duration> IsoDurationField(const json& object, const char* key, const std::string& path) {
  if (!object.is_object()) return InvalidArgument("must be an object", path);
  const json* v = Find(object, key);
  if (v == nullptr) return Duration(0);
  const std::string field = ji::FieldPath(path, key);
  const Status bad = InvalidArgument("must be an ISO 8601 duration such as \"PT5M\"", field);
  if (!v->is_string()) return bad;
  const std::string text = v->get<std::string>();
  if (text.size() < 3 || text[0] != 'P') return bad;
  int64_t seconds = 0;
  bool in_time = false, any = false;
  int64_t number = -1;
  for (size_t i = 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == 'T' && !in_time && number < 0) {
      in_time = true;
    } else if (c >= '0' && c <= '9') {
      number = (number < 0 ? 0 : number) * 10 + (c - '0');
      if (number > 1'000'000'000) return bad;
    } else {
      int64_t unit = 0;
      if (!in_time && c == 'W') unit = 7 * 86400;
      if (!in_time && c == 'D') unit = 86400;
      if (in_time && c == 'H') unit = 3600;
      if (in_time && c == 'M') unit = 60;
      if (in_time && c == 'S') unit = 1;
      if (unit == 0 || number < 0) return bad;
      seconds += number * unit;
      number = -1;
      any = true;
    }
  }
  if (!any || number >= 0) return bad;
  return Duration(std::chrono::seconds(seconds));
}

}  // namespace nagame::bot

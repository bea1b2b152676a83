// Untrusted JSON: depth check, parse without exceptions, typed field access.
#include "bot/sources/json_input.h"

#include <cstdint>

#include <nlohmann/json.hpp>

namespace nagame::bot::json_input {
namespace {

// Depth of brackets outside strings; cheap single pass before the real parser.
int MaxNesting(std::string_view s) {
  int depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : s) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      max_depth = std::max(max_depth, ++depth);
      if (max_depth > kMaxDepth) return max_depth;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max_depth;
}

Status WrongType(const std::string& path, const char* want) {
  return InvalidArgument(std::string("must be ") + want, path);
}

}  // namespace

std::string FieldPath(const std::string& parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return parent + "." + std::string(key);
}

Result<nlohmann::json> Parse(std::string_view body) {
  if (MaxNesting(body) > kMaxDepth) {
    return InvalidArgument("JSON nested deeper than " + std::to_string(kMaxDepth) + " levels",
                           "body");
  }
  try {
    return nlohmann::json::parse(body.begin(), body.end());
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is the position; the library's text may quote input bytes, keep it short.
    return InvalidArgument("invalid JSON at byte " + std::to_string(e.byte), "body");
  } catch (const nlohmann::json::exception&) {
    // out_of_range.406: a number too large for a double (a 5,000-digit "truncatedAlerts").
    return InvalidArgument("invalid JSON: a number is out of range", "body");
  }
}

Result<std::string> String(const nlohmann::json& obj, const char* key, const std::string& path,
                           bool required) {
  std::string field = FieldPath(path, key);
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) return InvalidArgument("is required", field);
    return std::string();
  }
  if (!it->is_string()) return WrongType(field, "a string");
  return it->get<std::string>();
}

Result<rules::Labels> StringMap(const nlohmann::json& obj, const char* key, const std::string& path,
                                bool required) {
  std::string field = FieldPath(path, key);
  auto it = obj.find(key);
  rules::Labels out;
  if (it == obj.end() || it->is_null()) {
    if (required) return InvalidArgument("is required", field);
    return out;
  }
  if (!it->is_object()) return WrongType(field, "an object of strings");
  for (auto& [name, value] : it->items()) {
    if (!value.is_string()) return WrongType(FieldPath(field, name), "a string");
    out.emplace(name, value.get<std::string>());
  }
  return out;
}

Result<std::optional<Time>> Timestamp(const nlohmann::json& obj, const char* key,
                                      const std::string& path, bool required) {
  auto text = String(obj, key, path, required);
  if (!text.ok()) return text.status();
  if (text->empty()) {
    if (required) return InvalidArgument("is required", FieldPath(path, key));
    return std::optional<Time>();
  }
  auto t = ParseRfc3339(*text);
  if (!t.ok()) return InvalidArgument(t.status().message(), FieldPath(path, key));
  return *t;
}

Result<int64_t> Integer(const nlohmann::json& obj, const char* key, const std::string& path,
                        bool required) {
  std::string field = FieldPath(path, key);
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) return InvalidArgument("is required", field);
    return int64_t{0};
  }
  if (!it->is_number_integer()) return WrongType(field, "an integer");
  if (it->is_number_unsigned() && it->get<uint64_t>() > uint64_t{INT64_MAX}) {
    return InvalidArgument("is out of range", field);
  }
  return it->get<int64_t>();
}

}  // namespace nagame::bot::json_input

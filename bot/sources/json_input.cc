// Untrusted JSON: depth check, parse without exceptions, typed field access.
#include "bot/sources/json_input.h"

#include <algorithm>
#include <charconv>
#include <cmath>
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

std::optional<std::string> ScalarText(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number() || value.is_boolean()) return value.dump();
  return std::nullopt;
}

namespace {

constexpr int64_t kSecondsLimit = 9214646400;  // 2262-01-01T00:00:00Z, past the int64 ns range

Status NotATime(const std::string& field) {
  return InvalidArgument("must be an RFC 3339 time or a positive epoch", field);
}

// Epoch seconds or milliseconds (by magnitude) → Time; nullopt for 0. Plain decimals
// ("1795766400", "1795766400123.5") are converted exactly; other number forms ("1.7e9")
// through double. Sets `is_number` false (and returns nothing) when `text` is no number.
Result<std::optional<Time>> FromEpoch(std::string_view text, const std::string& field,
                                      bool& is_number) {
  is_number = true;
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  auto digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!whole.empty() && whole.size() <= 18 && digits(whole) && digits(fraction) &&
      (dot == std::string_view::npos || !fraction.empty())) {
    int64_t n = 0;
    std::from_chars(whole.data(), whole.data() + whole.size(), n);
    const bool millis = n >= 100'000'000'000;
    if (n >= (millis ? kSecondsLimit * 1000 : kSecondsLimit)) {
      return InvalidArgument("is after the year 2261", field);
    }
    int64_t unit = millis ? 1'000'000 : 1'000'000'000;
    int64_t ns = n * unit;
    for (char c : fraction) {
      unit /= 10;
      if (unit == 0) break;  // finer than a nanosecond
      ns += (c - '0') * unit;
    }
    if (ns == 0) return std::optional<Time>();
    return std::optional<Time>(FromUnixNanos(ns));
  }
  double n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    is_number = false;
    return std::optional<Time>();
  }
  if (!std::isfinite(n) || n < 0) return NotATime(field);
  if (n == 0) return std::optional<Time>();
  const double seconds = n < 1e11 ? n : n / 1000;
  if (seconds >= static_cast<double>(kSecondsLimit)) {
    return InvalidArgument("is after the year 2261", field);
  }
  return std::optional<Time>(FromUnixNanos(static_cast<int64_t>(std::llround(seconds * 1e9))));
}

}  // namespace

Result<std::optional<Time>> TimeValue(const nlohmann::json& value, const std::string& field) {
  bool is_number = false;
  if (value.is_number()) {
    // The shortest text that reads back as the same number: "1795766400.25".
    auto t = FromEpoch(value.dump(), field, is_number);
    if (!is_number) return NotATime(field);
    return t;
  }
  if (!value.is_string()) return WrongType(field, "an RFC 3339 time or an epoch number");
  const std::string& text = value.get_ref<const std::string&>();
  auto epoch = FromEpoch(text, field, is_number);
  if (is_number) return epoch;
  auto t = ParseRfc3339(text);
  if (!t.ok()) return InvalidArgument(t.status().message(), field);
  return *t;
}

}  // namespace nagame::bot::json_input

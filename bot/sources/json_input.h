// Safe JSON decoding of untrusted webhook bodies, shared by every source parser.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "rules/alert_event.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot::json_input {

// Nesting deeper than this is refused before parsing (protects the stack and the heap).
inline constexpr int kMaxDepth = 64;

// Parses `body` as one JSON value. Errors (kInvalidArgument, field "body"): invalid JSON,
// invalid UTF-8, nesting deeper than kMaxDepth.
Result<nlohmann::json> Parse(std::string_view body);

// Typed field access with errors that name the field path ("alerts[3].labels").
// A missing field is an error when `required`; present with the wrong type always is.
Result<std::string> String(const nlohmann::json& object, const char* key, const std::string& path,
                           bool required);
Result<rules::Labels> StringMap(const nlohmann::json& object, const char* key,
                                const std::string& path, bool required);
// RFC 3339; nullopt for Go's zero time or when absent and not required.
Result<std::optional<Time>> Timestamp(const nlohmann::json& object, const char* key,
                                      const std::string& path, bool required);
Result<int64_t> Integer(const nlohmann::json& object, const char* key, const std::string& path,
                        bool required);

// "alerts[3].startsAt"
std::string FieldPath(const std::string& parent, std::string_view key);

}  // namespace nagame::bot::json_input

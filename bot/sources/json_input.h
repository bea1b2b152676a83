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

// A string as it is, a number or boolean as its JSON text ("42", "true"); nullopt for null,
// objects and arrays.
std::optional<std::string> ScalarText(const nlohmann::json& value);

// A point in time in whichever form a sender chose: an RFC 3339 string, or epoch seconds or
// milliseconds as a number or a numeric string (told apart by size: below 1e11 is seconds,
// which reaches the year 5138; fractions allowed). nullopt for Go's zero time and epoch 0.
// Errors (kInvalidArgument, `field`): another type, an unparsable text, a negative epoch, or a
// time outside 1678..2261 (the int64 nanosecond range).
Result<std::optional<Time>> TimeValue(const nlohmann::json& value, const std::string& field);

// "alerts[3].startsAt"
std::string FieldPath(const std::string& parent, std::string_view key);

// Lists a parser turns into one label or annotation (entities, teams) hold at most this many
// entries; more is refused, not cut.
inline constexpr size_t kMaxListEntries = 1000;

}  // namespace nagame::bot::json_input

// Typed fields of upstream API answers (Prometheus, Grafana, NerdGraph, Azure Resource
// Manager), each error naming the field path ("value[3].properties.windowSize"); the
// building blocks the answer decoders share. Errors are kInvalidArgument with the path in
// field(), for MalformedAnswer / MalformedAnswerOf to turn into "unable to run".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot {

// "path[i]".
std::string Indexed(const std::string& path, size_t i);

// object[key] as an array; an empty one when absent (or null) and not `required`. Also refuses
// an `object` that is not an object.
Result<const nlohmann::json*> ArrayOf(const nlohmann::json& object, const char* key,
                                      const std::string& path, bool required);

// object[key] as an object; nullptr when absent (or null) and not `required`.
Result<const nlohmann::json*> ObjectOf(const nlohmann::json& object, const char* key,
                                       const std::string& path, bool required);

// A string that must be present and not empty.
Result<std::string> RequiredText(const nlohmann::json& object, const char* key,
                                 const std::string& path);

// A boolean; `fallback` when absent or null.
Result<bool> BoolField(const nlohmann::json& object, const char* key, const std::string& path,
                       bool fallback);

// A duration given as a non-negative number of seconds, or a Prometheus-style string ("5m",
// "1h30m"); 0 when absent or null.
Result<Duration> PromDurationField(const nlohmann::json& object, const char* key,
                                   const std::string& path);

// An ISO 8601 duration as Azure writes it ("PT5M", "PT1H30M", "P1D"); 0 when absent or null.
Result<Duration> IsoDurationField(const nlohmann::json& object, const char* key,
                                  const std::string& path);

// `result` unchanged when OK; else the same code with "<origin>: " before its message.
template <typename T>
Result<T> Prefixed(std::string_view origin, Result<T> result) {
  if (result.ok()) return result;
  return Status(result.status().code(), std::string(origin) + ": " + result.status().message(),
                result.status().field());
}

}  // namespace nagame::bot

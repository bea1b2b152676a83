// A saved API answer read from disk (`conditions_file`, `rules_file`): what a reader decodes
// instead of a live answer, with the same "unable to run, with the cause" errors.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "rules/status.h"

namespace nagame::bot {

// Saved answers larger than this are refused rather than read.
inline constexpr size_t kMaxSavedAnswerBytes = 64 << 20;

// The document in `path`: JSON, or (`yaml_too`) YAML converted to JSON — plain scalars typed
// (true/false, null, integers, numbers), quoted ones kept as strings. Errors, kUnavailable:
// "<path>: cannot read: <cause>", "<path>: larger than <n> bytes", "<path>: malformed answer:
// invalid JSON at byte N" / "invalid YAML at line L: <problem>".
Result<nlohmann::json> ReadSavedAnswer(const std::string& path, bool yaml_too);

// For a saved paginated answer: calls `page(answer, where)` on the JSON object in `path`
// (where = path), or on each of a list of them (where = "path[i]"), stopping at the first
// error, which it returns. Errors of reading as ReadSavedAnswer's.
Status ForEachSavedPage(
    const std::string& path,
    const std::function<Status(const nlohmann::json& answer, const std::string& where)>& page);

}  // namespace nagame::bot

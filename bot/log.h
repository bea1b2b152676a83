// Structured logging: one JSON object per line on stderr.
//
// Thread-safe. Callers pass only values that are safe to print: never a token, password,
// signing secret, webhook URL with credentials, or a request's Authorization header.
#pragma once

#include <initializer_list>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace nagame::bot {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// Lines below `level` are dropped. Default kInfo.
void SetLogLevel(LogLevel level);

// Writes {"ts":…,"level":…,"event":event, fields…}.
void Log(LogLevel level, std::string_view event, nlohmann::json fields = nlohmann::json::object());

inline void LogInfo(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
  Log(LogLevel::kInfo, event, std::move(fields));
}
inline void LogWarn(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
  Log(LogLevel::kWarn, event, std::move(fields));
}
inline void LogError(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
  Log(LogLevel::kError, event, std::move(fields));
}

}  // namespace nagame::bot

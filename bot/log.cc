// JSON-lines logger on stderr.
#include "bot/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>

#include "rules/clock.h"
#include "rules/time.h"

namespace nagame::bot {
namespace {
std::atomic<LogLevel> g_level{LogLevel::kInfo};
std::mutex g_mu;

const char* LevelName(LogLevel l) {
  switch (l) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}
}  // namespace

void SetLogLevel(LogLevel level) { g_level = level; }

void Log(LogLevel level, std::string_view event, nlohmann::json fields) {
  if (level < g_level.load()) return;
  nlohmann::json line = nlohmann::json::object();
  line["ts"] = FormatRfc3339(SystemNow());
  line["level"] = LevelName(level);
  line["event"] = event;
  if (fields.is_object()) {
    for (auto& [k, v] : fields.items()) line[k] = std::move(v);
  }
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  std::lock_guard lock(g_mu);
  std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace nagame::bot

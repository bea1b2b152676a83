// Problem: one finding of one check, as plain data (style.md practice 4). Renderers (JSON,
// chat, CLI, web) only format it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/time.h"

namespace nagame::rules {

enum class Category { kNoisy, kStale, kMissing, kWatch, kLoad, kHygiene };
const char* CategoryName(Category c);  // "noisy", "stale", …
std::optional<Category> ParseCategory(std::string_view name);

enum class Severity { kInfo, kWarning, kCritical };
const char* SeverityName(Severity s);  // "info", "warning", "critical"

// What a timing change (for, keep_firing_for, repeat_interval) would have done to the
// window's recorded episodes (design §5): the evidence the meeting needs to accept it.
struct Replay {
  std::string change;  // "for: 10m"
  int64_t episodes_before = 0;
  int64_t episodes_after = 0;
  int64_t notifications_before = 0;
  int64_t notifications_after = 0;
  int64_t acked_episodes = 0;       // episodes someone acked or tied to an incident
  int64_t acked_episodes_lost = 0;  // … of which the change would have suppressed
  // How much later every episode that still fires would have started notifying (a longer
  // `for:`); the acked episodes not lost fire this much later too.
  Duration detection_delay{0};
};

struct Fix {
  std::string text;  // one line a person can act on: "set for: 10m"
  std::string yaml;  // a rule or Alertmanager config snippet, or empty
  std::optional<Replay> replay;
};

struct Problem {
  std::string check;  // "noisy/flapping": the check id, config key and output label
  Category category = Category::kNoisy;
  std::string source;  // "alertmanager"; empty when not about one source
  std::string rule;    // empty when the finding is about a metric, source or silence
  Severity severity = Severity::kWarning;
  std::string summary;      // short and stable for the same facts: "63 episodes in 7d (was 12)"
  nlohmann::json evidence;  // an object: numbers, and "examples": [episode…]
  Fix fix;
};

nlohmann::json ToJson(const Replay& r);
nlohmann::json ToJson(const Problem& p);

}  // namespace nagame::rules

// Names and JSON forms of findings.
#include "rules/problem.h"

namespace nagame::rules {

const char* CategoryName(Category c) {
  switch (c) {
    case Category::kNoisy:
      return "noisy";
    case Category::kStale:
      return "stale";
    case Category::kMissing:
      return "missing";
    case Category::kWatch:
      return "watch";
    case Category::kLoad:
      return "load";
    case Category::kHygiene:
      return "hygiene";
  }
  return "noisy";
}

std::optional<Category> ParseCategory(std::string_view name) {
  for (Category c : {Category::kNoisy, Category::kStale, Category::kMissing, Category::kWatch,
                     Category::kLoad, Category::kHygiene}) {
    if (name == CategoryName(c)) return c;
  }
  return std::nullopt;
}

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kCritical:
      return "critical";
  }
  return "warning";
}

nlohmann::json ToJson(const Replay& r) {
  return {{"change", r.change},
          {"episodes_before", r.episodes_before},
          {"episodes_after", r.episodes_after},
          {"notifications_before", r.notifications_before},
          {"notifications_after", r.notifications_after},
          {"acked_episodes", r.acked_episodes},
          {"acked_episodes_lost", r.acked_episodes_lost},
          {"acked_episodes_still_fired", r.acked_episodes - r.acked_episodes_lost},
          {"detection_delay_seconds", ToSeconds(r.detection_delay)}};
}

nlohmann::json ToJson(const Problem& p) {
  nlohmann::json fix = {{"text", p.fix.text}};
  if (!p.fix.yaml.empty()) fix["yaml"] = p.fix.yaml;
  if (p.fix.replay) fix["replay"] = ToJson(*p.fix.replay);
  return {{"check", p.check},
          {"category", CategoryName(p.category)},
          {"source", p.source},
          {"rule", p.rule},
          {"severity", SeverityName(p.severity)},
          {"summary", p.summary},
          {"evidence", p.evidence.is_null() ? nlohmann::json::object() : p.evidence},
          {"fix", fix}};
}

}  // namespace nagame::rules

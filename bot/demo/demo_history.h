// The demo's history (issue 16, first start): five weeks of made-up firing up to `now` for a
// handful of rules that show each kind of finding the review makes (noisy, flapping, scheduled,
// stuck, co-firing, and a healthy rule), the acks, decisions and the incident people recorded
// about them, and the rule file that defines those rules. Every rule is named "Demo…", carries
// the label demo="seeded" and says "[demo]" in its summary, so nobody takes it for real.
// Pure and deterministic: the same `now` gives the same history (no clock, no randomness
// beyond a fixed-seed generator).
#pragma once

#include <string>
#include <vector>

#include "rules/alert_event.h"
#include "rules/review_records.h"
#include "rules/time.h"

namespace nagame::bot::demo {

// What each demo rule is there to show; every kind has at least one rule.
enum class DemoKind { kNoisy, kFlapping, kScheduled, kStuck, kCoFiring, kHealthy };
const char* DemoKindName(DemoKind kind);  // "noisy", "flapping", ...

struct DemoRule {
  std::string name;  // "DemoPodCrashLooping"
  DemoKind kind;
};

// An ack of the episode of `rule` on instance `fingerprint` that started at `episode_start`;
// the seeder looks the episode's id up once the deliveries are stored.
struct DemoAck {
  rules::Ack ack;  // rule, user, note, at; no episode_id yet
  std::string fingerprint;
  Time episode_start;
};

struct DemoHistory {
  std::vector<DemoRule> rules;
  std::string rule_file;                    // Prometheus rule file YAML defining `rules`
  std::vector<rules::Delivery> deliveries;  // Alertmanager-style notifications, oldest first
  std::vector<DemoAck> acks;
  std::vector<rules::Decision> decisions;
  std::vector<rules::Incident> incidents;
};

// The label every demo alert carries.
inline constexpr char kDemoLabel[] = "demo";
inline constexpr char kDemoLabelValue[] = "seeded";
// How far back the history reaches: the four weeks a review of the previous week reads, plus
// the current week so far.
inline constexpr Duration kDemoSpan = std::chrono::days(35);

// The history of the kDemoSpan before `now` (from the UTC midnight kDemoSpan before `now`'s
// day), nothing at or after `now`; episodes still running at `now` stay open.
DemoHistory BuildDemoHistory(Time now);

}  // namespace nagame::bot::demo

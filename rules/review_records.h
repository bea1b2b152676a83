// What people record about alerts (chat or API): acks, feedback, decisions, incidents; and
// Alertmanager silences as fetched. Plain values that checks read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rules/time.h"

namespace nagame::rules {

// "I looked at this firing."
struct Ack {
  int64_t id = 0;
  std::string source;  // empty: any source
  std::string rule;
  std::optional<int64_t> episode_id;  // the episode acked, when known
  std::string user;
  std::string note;
  Time at;
};

// A responder's verdict on a rule's alert (chat buttons).
enum class Verdict { kActionable, kNoise, kDuplicate };
const char* VerdictName(Verdict v);
std::optional<Verdict> ParseVerdict(std::string_view name);

struct Feedback {
  int64_t id = 0;
  std::string rule;
  Verdict verdict = Verdict::kActionable;
  std::string user;
  std::string note;
  Time at;
};

// What the review meeting decided for a rule.
enum class DecisionAction { kKeep, kTune, kDelete, kAdd, kTicket };
const char* DecisionActionName(DecisionAction a);
std::optional<DecisionAction> ParseDecisionAction(std::string_view name);

struct Decision {
  int64_t id = 0;
  std::string rule;
  DecisionAction action = DecisionAction::kKeep;
  std::string note;
  std::string author;
  Time at;
};

// Something that hurt users.
struct Incident {
  int64_t id = 0;
  std::string service;
  std::string text;
  std::string author;
  Time started_at;
  std::optional<int64_t> episode_id;  // an episode linked to it, when someone did
};

// An Alertmanager silence (GET /api/v2/silences).
struct SilenceMatcher {
  std::string name;
  std::string value;
  bool is_regex = false;
  bool is_equal = true;
};
struct Silence {
  std::string id;
  std::vector<SilenceMatcher> matchers;
  Time starts_at;
  Time ends_at;
  std::string created_by;
  std::string comment;
  std::string state;  // "active", "pending", "expired"
};

}  // namespace nagame::rules

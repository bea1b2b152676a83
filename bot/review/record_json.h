// JSON forms of people's records (acks, feedback, decisions, incidents): what the API answers
// and what POST bodies may say. Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "rules/review_records.h"
#include "rules/status.h"

namespace nagame::bot {

nlohmann::json ToJson(const rules::Ack& a);
nlohmann::json ToJson(const rules::Feedback& f);
nlohmann::json ToJson(const rules::Decision& d);
nlohmann::json ToJson(const rules::Incident& i);

// POST bodies. Each is a JSON object:
//   ack:      {"rule", "user", "source"?, "episode_id"?, "note"?, "at"?}
//   feedback: {"rule", "verdict": actionable|noise|duplicate, "user", "note"?, "at"?}
//   decision: {"rule", "action": keep|tune|delete|add|ticket, "author", "note"?, "at"?}
//   incident: {"service", "text", "author", "started_at"?, "episode_id"?}
// Times are RFC 3339; an absent time stays unset (the service uses now). Unknown keys are
// refused. Only shapes are checked here (types, enums, times); the service checks the rest.
// Errors: kInvalidArgument whose field() names the offending key (or "body").
Result<rules::Ack> AckFromJson(const nlohmann::json& body);
Result<rules::Feedback> FeedbackFromJson(const nlohmann::json& body);
Result<rules::Decision> DecisionFromJson(const nlohmann::json& body);
Result<rules::Incident> IncidentFromJson(const nlohmann::json& body);

}  // namespace nagame::bot

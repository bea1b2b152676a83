// JSON answers of the review (design §7 shapes; fields may grow): suggestions, rule details,
// rule lists, decisions. The inventory's is rules::ToJson(Inventory). Pure; thread-safe.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "bot/review/review_service.h"

namespace nagame::bot {

// {"from","to","suggestions":[Problem…],"unable":[{"check","reason"}…]}
nlohmann::json SuggestionsJson(const rules::Window& window, const rules::CheckReport& report);

// {"id","source","rule","fingerprint","labels","starts_at","ends_at","state","notifications"}
nlohmann::json EpisodeJson(const rules::Episode& e);

// {"rule","from","to","inventory":[row…],"definitions":[…],"history":[snapshot…],
//  "problems":[…],"recent_episodes":[…],"decisions":[…],"acks":[…]}
nlohmann::json RuleDetailJson(const RuleDetail& d);

// {"rules":[{"name","sources","defined"}…]}
nlohmann::json KnownRulesJson(const std::vector<KnownRule>& rules);

// {"from","to","decisions":[…]}
nlohmann::json DecisionsJson(const rules::Window& window,
                             const std::vector<rules::Decision>& decisions);

}  // namespace nagame::bot

// Runs one registered check through the real runner (so findings carry the check id and
// category exactly as reports do).
#pragma once

#include <string_view>

#include "rules/check_runner.h"

namespace nagame::testing {

rules::CheckReport RunOnly(std::string_view check_id, const rules::CheckInput& input,
                           nlohmann::json options = nlohmann::json::object());

// The rules named by the report's problems, in report order.
std::vector<std::string> ProblemRules(const rules::CheckReport& report);

// The report's problems rendered as JSON (what goldens compare).
std::string RenderProblems(const rules::CheckReport& report);

}  // namespace nagame::testing

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

// Runs check `check_id` directly (no runner: findings keep an empty check id) and expects it
// to run; its findings, or none (after a test failure) when it was unable to.
std::vector<rules::Problem> Findings(std::string_view check_id, const rules::CheckInput& input,
                                     const rules::CheckOptions& options = {});

// The rules named by `problems`, in order.
std::vector<std::string> ProblemRules(const std::vector<rules::Problem>& problems);

// The report's problems rendered as JSON (what goldens compare).
std::string RenderProblems(const rules::CheckReport& report);

}  // namespace nagame::testing

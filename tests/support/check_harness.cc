// One-check runs for check tests.
#include "tests/support/check_harness.h"

#include <gtest/gtest.h>

namespace nagame::testing {

rules::CheckReport RunOnly(std::string_view check_id, const rules::CheckInput& input,
                           nlohmann::json options) {
  rules::ChecksSettings settings;
  EXPECT_NE(rules::FindCheck(check_id), nullptr) << "no check " << check_id;
  for (const rules::Check* c : rules::AllChecks()) {
    if (c->id() != check_id) settings.disabled.insert(std::string(c->id()));
  }
  settings.options[std::string(check_id)] = std::move(options);
  return rules::RunChecks(input, settings);
}

std::vector<std::string> ProblemRules(const rules::CheckReport& report) {
  std::vector<std::string> out;
  for (const rules::Problem& p : report.problems) out.push_back(p.rule);
  return out;
}

std::vector<rules::Problem> Findings(std::string_view check_id, const rules::CheckInput& input,
                                     const rules::CheckOptions& options) {
  const rules::Check* check = rules::FindCheck(check_id);
  if (check == nullptr) {
    ADD_FAILURE() << "no check " << check_id;
    return {};
  }
  auto found = check->Run(input, options);
  EXPECT_TRUE(found.ok()) << check_id << " unable to run: " << found.status().ToString();
  return found.ok() ? *found : std::vector<rules::Problem>{};
}

std::vector<std::string> ProblemRules(const std::vector<rules::Problem>& problems) {
  std::vector<std::string> out;
  for (const rules::Problem& p : problems) out.push_back(p.rule);
  return out;
}

std::string RenderProblems(const rules::CheckReport& report) {
  nlohmann::json out = nlohmann::json::array();
  for (const rules::Problem& p : report.problems) out.push_back(rules::ToJson(p));
  return out.dump(2) + "\n";
}

}  // namespace nagame::testing

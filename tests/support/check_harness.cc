// The check tests' table helper and one-check runs.
#include "tests/support/check_harness.h"

#include <gtest/gtest.h>

namespace nagame::testing {

std::string RuleOf(const rules::Problem& p) { return p.rule; }
std::string SourceOf(const rules::Problem& p) { return p.source; }
std::string SummaryOf(const rules::Problem& p) { return p.summary; }
std::string SeverityOf(const rules::Problem& p) { return rules::SeverityName(p.severity); }

FindingName EvidenceOf(std::string key) {
  return [key = std::move(key)](const rules::Problem& p) -> std::string {
    auto it = p.evidence.find(key);
    if (it == p.evidence.end()) return "null";
    return it->is_string() ? it->get<std::string>() : it->dump();
  };
}

void ExpectTable(const CheckTable& table, std::span<const CheckCase> cases, const char* file,
                 int line) {
  for (const CheckCase& c : cases) {
    ::testing::ScopedTrace trace(file, line, std::string(table.check) + ": " + c.name);
    HistoryBuilder h(table.window);
    if (c.history) c.history(h);
    const rules::CheckReport report = RunOnly(table.check, h.Build(), c.options);
    for (const rules::UnableToRun& u : report.unable) {
      ADD_FAILURE() << u.check << " unable to run: " << u.reason;
    }
    std::vector<std::string> names;
    for (const rules::Problem& p : report.problems) names.push_back(table.name(p));
    EXPECT_EQ(names, c.flagged);
  }
}

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
  return ProblemRules(report.problems);
}

std::vector<rules::Problem> Findings(std::string_view check_id, const rules::CheckInput& input,
                                     nlohmann::json options) {
  const rules::Check* check = rules::FindCheck(check_id);
  if (check == nullptr) {
    ADD_FAILURE() << "no check " << check_id;
    return {};
  }
  auto found = check->Run(input, check->Options(std::move(options)));
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

// `nagame lint FILES…`: the static checks of Prometheus rule files, for a rules repository's CI:
// every parse or validation error (file:line:column) and every stale/undocumented finding
// (file:line). Exit 1 when anything is found, 0 when clean, 2 without files.
#include <chrono>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bot/commands/command.h"
#include "bot/rules_source/rule_file_loader.h"
#include "rules/check_runner.h"

namespace nagame::bot {
namespace {

constexpr char kStaticCheck[] = "stale/undocumented";

struct LintResult {
  std::vector<std::string> lines;  // one per problem, in file order
  size_t files = 0;
  size_t rules = 0;
};

// Reads one file (a literal path), adding its parse errors, or its alerting rules to `rules`.
void ParseOne(const std::string& path, LintResult* out, std::vector<rules::DefinedRule>* rules) {
  auto files = LoadRuleFiles({path});
  ++out->files;
  if (!files.ok()) {
    std::istringstream lines(files.status().message());
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty()) out->lines.push_back(line);
    }
    return;
  }
  for (const rules::RuleFile& f : *files) {
    for (const rules::RuleDefinition& d : f.alerts) {
      rules::DefinedRule r;
      r.definition = d;
      rules->push_back(std::move(r));
    }
  }
}

// The static check over the parsed rules, one "file:line: check: rule: summary" each.
void CheckRules(const std::vector<rules::DefinedRule>& defined, LintResult* out) {
  rules::CheckInput in;
  in.now = std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
  in.window = {in.now - std::chrono::hours(24 * 7), in.now};
  in.rules = defined;
  in.rules_availability.status = Status::Ok();
  const rules::Check* check = rules::FindCheck(kStaticCheck);
  auto problems = check->Run(in, rules::CheckOptions());
  if (!problems.ok()) {
    out->lines.push_back(std::string(kStaticCheck) +
                         ": unable to run: " + problems.status().message());
    return;
  }
  for (const rules::Problem& p : *problems) {
    const nlohmann::json& e = p.evidence;
    const std::string file = e.value("file", std::string());
    const int line = e.value("line", 0);
    out->lines.push_back(file + ":" + std::to_string(line) + ": " + kStaticCheck + ": " + p.rule +
                         ": " + p.summary);
  }
  out->rules = defined.size();
}

int RunLint(const std::vector<std::string>& paths) {
  if (paths.empty()) {
    std::fprintf(stderr, "nagame lint: give one or more rule files\n");
    return kExitUsage;
  }
  LintResult result;
  std::vector<rules::DefinedRule> defined;
  for (const std::string& p : paths) ParseOne(p, &result, &defined);
  CheckRules(defined, &result);
  for (const std::string& line : result.lines) std::printf("%s\n", line.c_str());
  std::fprintf(stderr, "nagame lint: %zu files, %zu alerting rules, %zu problems\n", result.files,
               result.rules, result.lines.size());
  return result.lines.empty() ? kExitOk : kExitFailure;
}

}  // namespace

Command AddLintCommand(CLI::App& cli) {
  auto paths = std::make_shared<std::vector<std::string>>();
  CLI::App* app = cli.add_subcommand("lint", "Static checks of Prometheus rule files");
  app->add_option("files", *paths, "Rule files (YAML)");
  return {app, [paths] { return RunLint(*paths); }};
}

}  // namespace nagame::bot

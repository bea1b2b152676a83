// `nagame lint FILES…`: the static checks of Prometheus rule files, for a rules repository's CI:
// every parse or validation error (file:line:column) and every stale/undocumented finding
// (file:line). Exit 1 when anything is found, 0 when clean, 2 without files or with a config
// that does not load. The check's settings (checks.options, checks.disabled) come from
// --config, else from ./nagame.yaml when there is one, else the defaults.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bot/commands/command.h"
#include "bot/config.h"
#include "bot/review/checks_settings.h"
#include "bot/rules_source/rule_file_loader.h"
#include "rules/check_runner.h"
#include "rules/clock.h"

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
void CheckRules(const std::vector<rules::DefinedRule>& defined,
                const rules::ChecksSettings& settings, LintResult* out) {
  out->rules = defined.size();
  if (settings.disabled.count(kStaticCheck) > 0) {
    std::fprintf(stderr, "nagame lint: %s is disabled by checks.disabled\n", kStaticCheck);
    return;
  }
  rules::CheckInput in;
  in.now = SystemNow();
  in.window = {in.now - std::chrono::hours(24 * 7), in.now};
  in.rules = defined;
  in.rules_availability.status = Status::Ok();
  const rules::Check* check = rules::FindCheck(kStaticCheck);
  auto problems = check->Run(in, rules::OptionsFor(*check, settings));
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
}

struct LintOptions {
  std::vector<std::string> paths;
  std::string config;  // empty: ./nagame.yaml if it exists
};

int RunLint(const LintOptions& o) {
  if (o.paths.empty()) {
    std::fprintf(stderr, "nagame lint: give one or more rule files\n");
    return kExitUsage;
  }
  rules::ChecksSettings settings;
  const std::string config_path = o.config.empty() ? "nagame.yaml" : o.config;
  if (!o.config.empty() || std::filesystem::exists(config_path)) {
    auto config = LoadConfig(config_path);
    auto checks = config.ok() ? ChecksSettingsFrom(config->checks)
                              : Result<rules::ChecksSettings>(config.status());
    if (!checks.ok()) {
      std::fprintf(stderr, "nagame lint: %s\n", checks.status().message().c_str());
      return kExitUsage;
    }
    settings = std::move(checks).value();
  }
  LintResult result;
  std::vector<rules::DefinedRule> defined;
  for (const std::string& p : o.paths) ParseOne(p, &result, &defined);
  CheckRules(defined, settings, &result);
  for (const std::string& line : result.lines) std::printf("%s\n", line.c_str());
  std::fprintf(stderr, "nagame lint: %zu files, %zu alerting rules, %zu problems\n", result.files,
               result.rules, result.lines.size());
  return result.lines.empty() ? kExitOk : kExitFailure;
}

}  // namespace

Command AddLintCommand(CLI::App& cli) {
  auto options = std::make_shared<LintOptions>();
  CLI::App* app = cli.add_subcommand("lint", "Static checks of Prometheus rule files");
  app->add_option("files", options->paths, "Rule files (YAML)");
  app->add_option(
      "--config,-c", options->config,
      "Configuration file for the checks' settings (default: ./nagame.yaml if present)");
  return {app, [options] { return RunLint(*options); }};
}

}  // namespace nagame::bot

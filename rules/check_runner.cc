// The check runner: isolation of failures and a stable order of findings.
#include "rules/check_runner.h"

#include <algorithm>
#include <exception>

namespace nagame::rules {

const Check* FindCheck(std::string_view id) {
  for (const Check* c : AllChecks()) {
    if (c->id() == id) return c;
  }
  return nullptr;
}

CheckReport RunChecks(const CheckInput& input, const ChecksSettings& settings) {
  CheckReport report;
  for (const Check* check : AllChecks()) {
    std::string id(check->id());
    if (settings.disabled.count(id)) continue;
    auto opt = settings.options.find(id);
    CheckOptions options(opt == settings.options.end() ? nlohmann::json::object() : opt->second);
    try {
      auto found = check->Run(input, options);
      if (!found.ok()) {
        report.unable.push_back({id, found.status().message()});
        continue;
      }
      for (Problem& p : *found) {
        p.check = id;
        p.category = check->category();
        report.problems.push_back(std::move(p));
      }
    } catch (const std::exception& e) {
      report.unable.push_back({id, std::string("internal error: ") + e.what()});
    }
  }
  std::stable_sort(report.problems.begin(), report.problems.end(),
                   [](const Problem& a, const Problem& b) {
                     if (a.category != b.category) return a.category < b.category;
                     if (a.severity != b.severity) return a.severity > b.severity;
                     if (a.check != b.check) return a.check < b.check;
                     return a.rule < b.rule;
                   });
  return report;
}

Status ValidateChecksSettings(const ChecksSettings& settings) {
  std::string problems;
  auto add = [&problems](const std::string& p) {
    if (!problems.empty()) problems += "\n";
    problems += p;
  };
  for (const std::string& id : settings.disabled) {
    if (!FindCheck(id)) add("checks.disabled: unknown check \"" + id + "\"");
  }
  for (const auto& [id, opts] : settings.options) {
    const Check* c = FindCheck(id);
    if (!c) {
      add("checks." + id + ": unknown check");
      continue;
    }
    if (!opts.is_object()) {
      add("checks." + id + ": must be a mapping of options");
      continue;
    }
    nlohmann::json known = c->default_options();
    for (auto& [key, value] : opts.items()) {
      if (!known.contains(key)) add("checks." + id + "." + key + ": unknown option");
    }
  }
  if (problems.empty()) return Status::Ok();
  return InvalidArgument(problems, "checks");
}

}  // namespace nagame::rules

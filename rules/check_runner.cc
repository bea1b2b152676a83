// The check runner: isolation of failures and a stable order of findings.
#include "rules/check_runner.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <iterator>
#include <optional>
#include <system_error>
#include <thread>

#include "rules/rule_scope.h"

namespace nagame::rules {

const Check* FindCheck(std::string_view id) {
  for (const Check* c : AllChecks()) {
    if (c->id() == id) return c;
  }
  return nullptr;
}

CheckOptions OptionsFor(const Check& check, const ChecksSettings& settings) {
  auto configured = settings.options.find(std::string(check.id()));
  if (configured == settings.options.end()) return check.Options();
  return check.Options(configured->second);
}

namespace {

// One check's result: its problems, labelled, or why it could not run.
struct CheckOutcome {
  std::vector<Problem> problems;
  std::optional<UnableToRun> unable;
};

CheckOutcome RunOne(const Check& check, const CheckInput& input, const ChecksSettings& settings) {
  const std::string id(check.id());
  CheckOutcome out;
  try {
    auto found = check.Run(input, OptionsFor(check, settings));
    if (!found.ok()) {
      out.unable = UnableToRun{id, found.status().message()};
      return out;
    }
    out.problems = std::move(*found);
    for (Problem& p : out.problems) {
      p.check = id;
      p.category = check.category();
    }
  } catch (const std::exception& e) {
    out.unable = UnableToRun{id, std::string("internal error: ") + e.what()};
  } catch (...) {  // on a worker thread an escaping exception would end the process
    out.unable = UnableToRun{id, "internal error: unknown exception"};
  }
  return out;
}

}  // namespace

int DefaultCheckWorkers() {
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
}

CheckReport RunChecks(const CheckInput& input, const ChecksSettings& settings, int workers) {
  std::vector<const Check*> enabled;
  for (const Check* check : AllChecks()) {
    if (!settings.disabled.count(std::string(check->id()))) enabled.push_back(check);
  }
  // Each worker takes the next check not yet taken; each outcome lands in its check's slot.
  std::vector<CheckOutcome> outcomes(enabled.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < enabled.size(); i = next++) {
      outcomes[i] = RunOne(*enabled[i], input, settings);
    }
  };
  {
    std::vector<std::jthread> helpers;
    const size_t n = std::min<size_t>(std::max(workers, 1), enabled.size());
    try {
      for (size_t k = 1; k < n; ++k) helpers.emplace_back(work);
    } catch (const std::system_error&) {
      // No thread to be had: the ones started and this one do all the checks.
    }
    work();
  }  // joins the helpers
  CheckReport report;
  for (CheckOutcome& o : outcomes) {  // registration order, as a sequential run
    if (o.unable) report.unable.push_back(std::move(*o.unable));
    std::move(o.problems.begin(), o.problems.end(), std::back_inserter(report.problems));
  }
  std::stable_sort(report.problems.begin(), report.problems.end(), InReportOrder);
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

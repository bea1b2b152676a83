// Fuzz target: Prometheus rule files (rules/rule_file.h) on any text.
//
// Invariants: an error is kInvalidArgument whose every line starts "<origin>:<line>:<column>:"
// (a YAML syntax error has no key path, so the position is what names the place); an accepted
// file's every expression parses on its own, and every rule sits in a group of the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "rules/promql/parser.h"
#include "rules/rule_file.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nagame;
  using namespace nagame::fuzz;
  constexpr std::string_view kOrigin = "fuzz.rules.yml";
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = rules::ParseRuleFile(text, kOrigin);
  if (!file.ok()) {
    CheckLocatedError(file.status(), Code::kInvalidArgument, kOrigin, true);
    return 0;
  }
  Check(file->file == kOrigin, "the file keeps its origin");
  for (const rules::RuleDefinition& alert : file->alerts) {
    Check(rules::promql::Parse(alert.expr).ok(), "an accepted alert's expr parses", alert.expr);
    Check(alert.line >= 1, "an alert has a line", alert.name);
  }
  for (const rules::RecordingRule& record : file->records) {
    Check(rules::promql::Parse(record.expr).ok(), "an accepted record's expr parses", record.expr);
  }
  if (!file->alerts.empty() || !file->records.empty()) {
    Check(!file->groups.empty(), "rules belong to a group");
  }
  return 0;
}

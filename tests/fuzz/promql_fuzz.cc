// Fuzz target: the PromQL reader (rules/promql/parser.h) on any text.
//
// Invariants: an error is kInvalidArgument whose message starts "<line>:<column>:" and whose
// ParseError offset lies within the text; an accepted expression pretty-prints (Format) to
// text that parses again to the same tree — the same printed form and the same value type.
#include <cstddef>
#include <cstdint>
#include <string>

#include "rules/promql/parser.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nagame;
  using namespace nagame::fuzz;
  namespace promql = nagame::rules::promql;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  promql::ParseError error;
  auto expr = promql::Parse(text, &error);
  if (!expr.ok()) {
    CheckLocatedError(expr.status(), Code::kInvalidArgument, {}, true);
    Check(error.offset <= text.size() && error.line >= 1 && error.column >= 1,
          "the error position lies within the text", expr.status().message());
    return 0;
  }
  const std::string printed = promql::Format(*expr);
  promql::ParseError again_error;
  auto again = promql::Parse(printed, &again_error);
  Check(again.ok(), "the printed expression parses",
        printed + "\n" + (again.ok() ? "" : again.status().message()));
  Check(promql::Format(*again) == printed, "the printed expression re-parses to the same tree",
        printed + "\n" + promql::Format(*again));
  Check(again->type() == expr->type(), "the printed expression has the same type", printed);
  return 0;
}

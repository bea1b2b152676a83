// The PromQL functions Prometheus knows, with their argument and return types, for arity and
// type checks.
#pragma once

#include <string_view>
#include <vector>

#include "rules/promql/ast.h"

namespace nagame::rules::promql {

struct Function {
  std::string_view name;
  std::vector<ValueType> arg_types;
  // 0: exactly arg_types.size() arguments. n > 0: from arg_types.size() - 1 to
  // arg_types.size() - 1 + n arguments. -1: at least arg_types.size() - 1, no upper bound.
  // Arguments past the end of arg_types have the last type.
  int variadic = 0;
  ValueType return_type = ValueType::kVector;
  // Read only with ParseOptions::experimental: the scalar functions Prometheus 3 added with its
  // duration expressions (start, end, step, range, min_of, max_of). Prometheus' older
  // experimental functions (info, limitk, …) are always read: rules using them run on servers
  // started with the feature flag, and a linter cannot know the flag.
  bool experimental = false;
};

// The function called `name` (case-sensitive), or nullptr. Covers Prometheus 2.x's functions,
// the experimental ones, and 3.x's additions (double_exponential_smoothing, info, first_over_time,
// ts_of_*_over_time, histogram_quantiles, start_timestamp, start, end, step, range, min_of,
// max_of), so that rules written for either version read.
const Function* FindFunction(std::string_view name);

}  // namespace nagame::rules::promql

// The function table (Prometheus' promql/parser/functions.go, as data).
#include "rules/promql/functions.h"

namespace nagame::rules::promql {
namespace {

constexpr ValueType S = ValueType::kScalar;
constexpr ValueType V = ValueType::kVector;
constexpr ValueType M = ValueType::kMatrix;
constexpr ValueType T = ValueType::kString;

const std::vector<Function>& Table() {
  static const std::vector<Function> kFunctions = {
      {"abs", {V}},
      {"absent", {V}},
      {"absent_over_time", {M}},
      {"acos", {V}},
      {"acosh", {V}},
      {"asin", {V}},
      {"asinh", {V}},
      {"atan", {V}},
      {"atanh", {V}},
      {"avg_over_time", {M}},
      {"ceil", {V}},
      {"changes", {M}},
      {"clamp", {V, S, S}},
      {"clamp_max", {V, S}},
      {"clamp_min", {V, S}},
      {"cos", {V}},
      {"cosh", {V}},
      {"count_over_time", {M}},
      {"day_of_month", {V}, 1},
      {"day_of_week", {V}, 1},
      {"day_of_year", {V}, 1},
      {"days_in_month", {V}, 1},
      {"deg", {V}},
      {"delta", {M}},
      {"deriv", {M}},
      {"end", {}, 0, S, true},
      {"double_exponential_smoothing", {M, S, S}},
      {"exp", {V}},
      {"first_over_time", {M}},
      {"floor", {V}},
      {"histogram_avg", {V}},
      {"histogram_count", {V}},
      {"histogram_fraction", {S, S, V}},
      {"histogram_quantile", {S, V}},
      {"histogram_quantiles", {V, T, S, S}, 9},
      {"histogram_stddev", {V}},
      {"histogram_stdvar", {V}},
      {"histogram_sum", {V}},
      {"holt_winters", {M, S, S}},
      {"hour", {V}, 1},
      {"idelta", {M}},
      {"increase", {M}},
      {"info", {V, V}, 1},
      {"irate", {M}},
      {"label_join", {V, T, T, T}, -1},
      {"label_replace", {V, T, T, T, T}},
      {"last_over_time", {M}},
      {"ln", {V}},
      {"log10", {V}},
      {"log2", {V}},
      {"mad_over_time", {M}},
      {"max_of", {S, S}, 0, S, true},
      {"max_over_time", {M}},
      {"min_over_time", {M}},
      {"min_of", {S, S}, 0, S, true},
      {"minute", {V}, 1},
      {"month", {V}, 1},
      {"pi", {}, 0, S},
      {"predict_linear", {M, S}},
      {"present_over_time", {M}},
      {"quantile_over_time", {S, M}},
      {"rad", {V}},
      {"range", {}, 0, S, true},
      {"rate", {M}},
      {"resets", {M}},
      {"round", {V, S}, 1},
      {"scalar", {V}, 0, S},
      {"sgn", {V}},
      {"sin", {V}},
      {"sinh", {V}},
      {"sort", {V}},
      {"sort_by_label", {V, T}, -1},
      {"sort_by_label_desc", {V, T}, -1},
      {"sort_desc", {V}},
      {"sqrt", {V}},
      {"start", {}, 0, S, true},
      {"start_timestamp", {V}},
      {"step", {}, 0, S, true},
      {"stddev_over_time", {M}},
      {"stdvar_over_time", {M}},
      {"sum_over_time", {M}},
      {"tan", {V}},
      {"tanh", {V}},
      {"time", {}, 0, S},
      {"timestamp", {V}},
      {"ts_of_first_over_time", {M}},
      {"ts_of_last_over_time", {M}},
      {"ts_of_max_over_time", {M}},
      {"ts_of_min_over_time", {M}},
      {"vector", {S}},
      {"year", {V}, 1},
  };
  return kFunctions;
}

}  // namespace

const Function* FindFunction(std::string_view name) {
  for (const Function& f : Table()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace nagame::rules::promql

// Prometheus' name grammar: label names `[a-zA-Z_][a-zA-Z0-9_]*`, metric names (also recording
// rule names) `[a-zA-Z_:][a-zA-Z0-9_:]*`.
#pragma once

#include <string_view>

namespace nagame::rules::promql {

bool IsLabelName(std::string_view s);
bool IsMetricName(std::string_view s);

}  // namespace nagame::rules::promql

// Prometheus' name grammar.
#include "rules/promql/names.h"

namespace nagame::rules::promql {
namespace {

bool IsName(std::string_view s, bool allow_colon) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = c == '_' || (allow_colon && c == ':') || (c >= 'a' && c <= 'z') ||
                    (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool IsLabelName(std::string_view s) { return IsName(s, false); }

bool IsMetricName(std::string_view s) { return IsName(s, true); }

}  // namespace nagame::rules::promql

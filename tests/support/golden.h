// Golden-file comparison: rendered output is compared with tests/golden/<name>; run the tests
// with NAGAME_UPDATE_GOLDEN=1 to (re)write the files, then review the diff.
#pragma once

#include <string>

namespace nagame::testing {

// Adds a test failure (with a unified-ish first difference) when `actual` differs from the
// golden file `relative` under tests/golden/.
void ExpectGolden(const std::string& relative, const std::string& actual);

}  // namespace nagame::testing

// Golden files under tests/golden/.
#include "tests/support/golden.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "tests/support/files.h"

namespace nagame::testing {

void ExpectGolden(const std::string& relative, const std::string& actual) {
  std::filesystem::path path = std::filesystem::path(NAGAME_SOURCE_DIR) / "tests/golden" / relative;
  const char* update = std::getenv("NAGAME_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::filesystem::create_directories(path.parent_path());
    WriteFile(path, actual);
    return;
  }
  if (!std::filesystem::exists(path)) {
    ADD_FAILURE() << "missing golden file " << path
                  << " (run with NAGAME_UPDATE_GOLDEN=1 to create it)";
    return;
  }
  std::string want = ReadFile(path);
  if (want == actual) return;
  size_t i = 0;
  while (i < want.size() && i < actual.size() && want[i] == actual[i]) ++i;
  size_t from = i > 80 ? i - 80 : 0;
  ADD_FAILURE() << "output differs from " << path << " at byte " << i << "\n--- golden:\n"
                << want.substr(from, 240) << "\n--- actual:\n"
                << actual.substr(from, 240);
}

}  // namespace nagame::testing

// File and temp-dir helpers for tests.
#include "tests/support/files.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>

namespace nagame::testing {

std::filesystem::path FixturePath(const std::string& relative) {
  return std::filesystem::path(NAGAME_FIXTURES_DIR) / relative;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteFile(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::string ReadFixture(const std::string& relative) {
  auto path = FixturePath(relative);
  if (!std::filesystem::exists(path)) {
    ADD_FAILURE() << "missing fixture " << path;
    return {};
  }
  return ReadFile(path);
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "nagame-test-XXXXXX").string();
  char* made = mkdtemp(tmpl.data());
  if (made == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
  }
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace nagame::testing

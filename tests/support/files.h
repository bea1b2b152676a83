// Test helpers for files: fixtures, temporary directories.
#pragma once

#include <filesystem>
#include <string>

namespace nagame::testing {

// Returns the bytes of tests/fixtures/<relative>. Fails the test (ADD_FAILURE) if unreadable.
std::string ReadFixture(const std::string& relative);

// Returns the full path of tests/fixtures/<relative>.
std::filesystem::path FixturePath(const std::string& relative);

// Reads a whole file; empty string if it does not exist.
std::string ReadFile(const std::filesystem::path& path);
void WriteFile(const std::filesystem::path& path, const std::string& bytes);

// A fresh directory under the system temp dir, removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace nagame::testing

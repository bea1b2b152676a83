// Storage faults injected into files a running process has open, through the kernel rather than
// a mock: the file system's immutable flag (chattr +i), which makes every write to the file
// fail with EPERM, through descriptors opened before as well, and for root too.
#pragma once

#include <filesystem>
#include <vector>

#include "rules/status.h"

namespace nagame::testing {

// Sets or clears FS_IMMUTABLE_FL on `path` (FS_IOC_SETFLAGS). Needs CAP_LINUX_IMMUTABLE and a
// file system with the flag (ext4, xfs, btrfs, tmpfs since Linux 6.0).
// Errors: kUnavailable naming the path and the reason (EPERM without the capability,
// ENOTTY where the file system has no flags).
Status SetImmutable(const std::filesystem::path& path, bool immutable);

// Makes each existing file of `paths` immutable until destroyed (or Clear), so that a failing
// test still leaves files its TempDir can remove. Files that do not exist are skipped.
class ImmutableFiles {
 public:
  ImmutableFiles() = default;
  ~ImmutableFiles() { Clear(); }
  ImmutableFiles(const ImmutableFiles&) = delete;
  ImmutableFiles& operator=(const ImmutableFiles&) = delete;

  // Errors: the first SetImmutable failure (the files already set stay set until Clear).
  Status Set(const std::vector<std::filesystem::path>& paths);
  // Clears the flag on every file Set made immutable. Errors: the first failure.
  Status Clear();

 private:
  std::vector<std::filesystem::path> set_;
};

// Whether this process can set the immutable flag on a file in `dir` (tries it on a scratch
// file): tests of read-only faults skip, saying why, where it cannot.
bool CanSetImmutable(const std::filesystem::path& dir);

}  // namespace nagame::testing

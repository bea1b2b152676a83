// The immutable flag through ioctl(2), as chattr(1) sets it.
#include "tests/support/file_faults.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

namespace nagame::testing {

Status SetImmutable(const std::filesystem::path& path, bool immutable) {
  auto fail = [&](const char* step) {
    return Unavailable(std::string(step) + " " + path.string() + ": " + std::strerror(errno));
  };
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return fail("open");
  int flags = 0;
  Status st;
  if (ioctl(fd, FS_IOC_GETFLAGS, &flags) != 0) {
    st = fail("get flags of");
  } else {
    flags = immutable ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
    if (ioctl(fd, FS_IOC_SETFLAGS, &flags) != 0) st = fail("set flags of");
  }
  close(fd);
  return st;
}

Status ImmutableFiles::Set(const std::vector<std::filesystem::path>& paths) {
  for (const auto& path : paths) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) continue;
    NAGAME_RETURN_IF_ERROR(SetImmutable(path, true));
    set_.push_back(path);
  }
  return Status::Ok();
}

Status ImmutableFiles::Clear() {
  Status first;
  for (const auto& path : set_) {
    Status st = SetImmutable(path, false);
    if (first.ok() && !st.ok()) first = st;
  }
  set_.clear();
  return first;
}

bool CanSetImmutable(const std::filesystem::path& dir) {
  const std::filesystem::path probe = dir / ".immutable-probe";
  std::ofstream(probe) << "probe";
  bool can = false;
  {
    ImmutableFiles files;
    if (files.Set({probe}).ok()) {
      const int fd = open(probe.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
      can = fd < 0 && errno == EPERM;
      if (fd >= 0) close(fd);
    }
  }
  std::error_code ec;
  std::filesystem::remove(probe, ec);
  return can;
}

}  // namespace nagame::testing

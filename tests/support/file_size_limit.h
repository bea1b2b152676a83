// FileSizeLimit: a full disk for the duration of a scope.
#pragma once

#include <signal.h>
#include <sys/resource.h>

namespace nagame::testing {

// RLIMIT_FSIZE binds root too: once it is 0, extending any file fails with EFBIG, as on a full
// disk. SQLite's WAL grows at commit, so the commit fails. Restores the limit and the SIGXFSZ
// handler on destruction.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    old_handler_ = signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &old_);
    rlimit now = old_;
    now.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &now);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &old_);
    signal(SIGXFSZ, old_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit old_{};
  sighandler_t old_handler_;
};

}  // namespace nagame::testing

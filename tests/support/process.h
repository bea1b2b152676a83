// Child processes for end-to-end tests (spawn, stop, kill -9, reap) and loopback port helpers.
//
// Example:
//   auto prom = nagame::testing::Process::Start({.name = "prometheus",
//                                                 .argv = {"/usr/bin/prometheus",
//                                                 "--config.file=…"}, .log_dir = dir.path()});
//   ASSERT_TRUE(prom.ok()) << prom.status().ToString();
//   ASSERT_TRUE(WaitForHttpOk(port, "/-/ready").ok());
//   (*prom)->Stop();  // SIGTERM, then SIGKILL after the grace period
//
// A child never outlives its Process object: the destructor kills (SIGKILL) and reaps it. It
// also never outlives the thread that started it (PR_SET_PDEATHSIG), so even a test binary that
// is itself killed leaves no orphan behind.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rules/status.h"
#include "rules/time.h"

namespace nagame::testing {

struct ProcessOptions {
  // Short name for messages and log files: <log_dir>/<name>.stdout and <name>.stderr.
  std::string name;
  // argv[0] is the path of the executable (no PATH search). REQUIRES: not empty.
  std::vector<std::string> argv;
  // Variables set (or replaced) on top of this process's environment.
  std::vector<std::pair<std::string, std::string>> env;
  // Where stdout and stderr go (appended, so a restarted process keeps one log).
  // REQUIRES: an existing directory. stdin is /dev/null.
  std::filesystem::path log_dir;
  // Soft RLIMIT_FSIZE in bytes (the hard limit is kept). The child starts with SIGXFSZ
  // ignored, so a write that would make a file larger fails with EFBIG instead of killing it:
  // a way to make a service's storage fail for real, as a full disk does. Unset: no limit.
  std::optional<uint64_t> file_size_limit;
};

// How a child ended.
struct ExitStatus {
  bool exited = false;  // exited normally: `code` is meaningful
  int code = 0;
  int signal = 0;  // killed by this signal (0 when exited)

  bool success() const { return exited && code == 0; }
  // "exit 0", "exit 1", "signal 9 (Killed)"
  std::string ToString() const;
};

// One running child. Not thread-safe: use it from one thread.
// REQUIRES: the thread that calls Start outlives the Process (the child gets SIGKILL when
// that thread ends).
class Process {
 public:
  // Starts the child. Errors: kInvalidArgument for an empty argv; kUnavailable when the log
  // files cannot be opened, fork fails, or the executable cannot be executed (the message
  // names the program and errno).
  static Result<std::unique_ptr<Process>> Start(ProcessOptions options);

  // Kills (SIGKILL) and reaps the child if it is still there.
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  const std::string& name() const { return options_.name; }

  // True while the child has not exited (reaps it, without blocking, when it has).
  bool Running();

  // Sends SIGTERM, waits up to `grace` for the child to exit, then sends SIGKILL and waits.
  // Returns how it ended. Idempotent: once reaped it returns the recorded status.
  ExitStatus Stop(Duration grace = std::chrono::seconds(10));

  // Sends SIGKILL (no chance to clean up) and reaps the child; returns how it ended.
  ExitStatus Kill9();

  // Waits up to `timeout` for the child to exit by itself. Returns its status, or nullopt on
  // timeout (the child keeps running).
  std::optional<ExitStatus> WaitExit(Duration timeout);

  // Changes the child's soft RLIMIT_FSIZE (prlimit); nullopt lifts it to the hard limit.
  // Errors: kUnavailable when the child is gone or the call is refused.
  Status SetFileSizeLimit(std::optional<uint64_t> bytes);

  // The status recorded once the child has been reaped, else nullopt.
  const std::optional<ExitStatus>& exit_status() const { return exit_; }

  std::filesystem::path stdout_path() const;
  std::filesystem::path stderr_path() const;
  // The whole log files as written so far.
  std::string ReadStdout() const;
  std::string ReadStderr() const;
  // The last `max_bytes` of stderr, for failure messages.
  std::string StderrTail(size_t max_bytes = 4000) const;

 private:
  explicit Process(ProcessOptions options) : options_(std::move(options)) {}
  // Reaps without blocking; true when the child is gone.
  bool TryReap();
  ExitStatus BlockingReap();

  ProcessOptions options_;
  pid_t pid_ = -1;
  std::optional<ExitStatus> exit_;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, read back, closed);
// with `also_udp`, one whose UDP port was free too (Alertmanager's cluster port is both).
// Another process may take it before it is used again; good enough for tests on one machine.
// Errors: kUnavailable when no socket can be bound.
Result<uint16_t> PickFreeLoopbackPort(bool also_udp = false);

// Polls `GET http://127.0.0.1:<port><path>` every `poll` until it answers 200 or `timeout`
// passes. Returns OK, or kUnavailable naming the last status or connection error. When
// `process` is given and it exits meanwhile, returns kUnavailable at once (with the tail of
// its stderr) instead of waiting out the timeout.
Status WaitForHttpOk(uint16_t port, const std::string& path,
                     Duration timeout = std::chrono::seconds(30), Process* process = nullptr,
                     Duration poll = std::chrono::milliseconds(100));

}  // namespace nagame::testing

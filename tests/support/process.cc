// Child processes for end-to-end tests: fork/exec with a death signal, stop, reap; port helpers.
#include "tests/support/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <thread>

#include "tests/support/files.h"
#include "tests/support/http_client.h"

extern char** environ;

namespace nagame::testing {
namespace {

constexpr auto kReapPoll = std::chrono::milliseconds(10);

ExitStatus FromWaitStatus(int status) {
  ExitStatus s;
  if (WIFEXITED(status)) {
    s.exited = true;
    s.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    s.signal = WTERMSIG(status);
  }
  return s;
}

std::string Errno(const std::string& what, int err) { return what + ": " + strerror(err); }

// The environment for the child: ours, with `overrides` set or replaced.
std::vector<std::string> ChildEnvironment(
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::map<std::string, std::string> vars;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string::npos) continue;
    vars[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : overrides) vars[k] = v;
  std::vector<std::string> out;
  out.reserve(vars.size());
  for (const auto& [k, v] : vars) out.push_back(k + "=" + v);
  return out;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// In the child: reports errno on `report_fd` and exits 127.
[[noreturn]] void ChildFail(int report_fd) {
  int err = errno;
  ssize_t ignored = write(report_fd, &err, sizeof err);
  (void)ignored;
  _exit(127);
}

// In the child, between fork and exec: only async-signal-safe calls. Reports a failure as an
// errno on `report_fd` and exits 127.
[[noreturn]] void ExecChild(pid_t parent, int stdout_fd, int stderr_fd, int report_fd,
                            const rlimit* fsize, char* const* argv, char* const* envp) {
  auto fail = [&report_fd]() { ChildFail(report_fd); };
  // Die with the thread that started us, and not before it has seen us start.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail();
  if (getppid() != parent) _exit(127);
  // Own process group: a Ctrl-C on the test's terminal is the test's to handle.
  setpgid(0, 0);
  // Unblock everything the test runner may have blocked or ignored.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  signal(SIGPIPE, SIG_DFL);
  if (fsize != nullptr) {
    // Ignored dispositions survive exec: past the limit, write() fails with EFBIG.
    signal(SIGXFSZ, SIG_IGN);
    if (setrlimit(RLIMIT_FSIZE, fsize) != 0) fail();
  }
  int in = open("/dev/null", O_RDONLY);
  if (in < 0) fail();
  if (dup2(in, 0) < 0 || dup2(stdout_fd, 1) < 0 || dup2(stderr_fd, 2) < 0) fail();
  // Keep only 0, 1, 2 and the report pipe (close-on-exec) open across exec.
  if (report_fd != 3) {
    if (dup2(report_fd, 3) < 0) fail();
    report_fd = 3;
  }
  fcntl(3, F_SETFD, FD_CLOEXEC);
  syscall(SYS_close_range, 4U, ~0U, 0U);
  execve(argv[0], argv, envp);
  ChildFail(report_fd);
}

}  // namespace

std::string ExitStatus::ToString() const {
  if (exited) return "exit " + std::to_string(code);
  return "signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
}

Result<std::unique_ptr<Process>> Process::Start(ProcessOptions options) {
  if (options.argv.empty()) return InvalidArgument("empty argv", "argv");
  if (options.name.empty()) {
    options.name = std::filesystem::path(options.argv[0]).filename().string();
  }
  std::unique_ptr<Process> p(new Process(std::move(options)));
  const ProcessOptions& o = p->options_;
  rlimit fsize{};
  if (o.file_size_limit) {
    if (getrlimit(RLIMIT_FSIZE, &fsize) != 0) return Unavailable(Errno("getrlimit", errno));
    fsize.rlim_cur = static_cast<rlim_t>(*o.file_size_limit);
    if (fsize.rlim_max != RLIM_INFINITY && fsize.rlim_cur > fsize.rlim_max) {
      return InvalidArgument("file_size_limit above the hard limit", "file_size_limit");
    }
  }

  int out = open(p->stdout_path().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (out < 0) return Unavailable(Errno("open " + p->stdout_path().string(), errno));
  int err = open(p->stderr_path().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (err < 0) {
    int e = errno;
    close(out);
    return Unavailable(Errno("open " + p->stderr_path().string(), e));
  }
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) {
    int e = errno;
    close(out);
    close(err);
    return Unavailable(Errno("pipe2", e));
  }

  // Everything the child needs is prepared before fork: after it, only syscalls.
  std::vector<std::string> args = o.argv;
  std::vector<std::string> env = ChildEnvironment(o.env);
  std::vector<char*> argv = CStrings(args);
  std::vector<char*> envp = CStrings(env);
  pid_t parent = getpid();

  pid_t pid = fork();
  if (pid == 0)
    ExecChild(parent, out, err, report[1], o.file_size_limit ? &fsize : nullptr, argv.data(),
              envp.data());
  int fork_errno = errno;
  close(out);
  close(err);
  close(report[1]);
  if (pid < 0) {
    close(report[0]);
    return Unavailable(Errno("fork " + o.name, fork_errno));
  }
  p->pid_ = pid;

  // EOF: exec succeeded (the pipe closed on exec). An int: the child's errno before exit.
  int child_errno = 0;
  ssize_t n;
  do {
    n = read(report[0], &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  close(report[0]);
  if (n > 0) {
    p->BlockingReap();
    return Unavailable(Errno("cannot execute " + o.argv[0], child_errno));
  }
  return p;
}

Process::~Process() {
  if (pid_ > 0 && !exit_) Kill9();
}

bool Process::TryReap() {
  if (exit_) return true;
  if (pid_ <= 0) return true;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exit_ = FromWaitStatus(status);
    return true;
  }
  if (r < 0 && errno == ECHILD) {  // someone else reaped it: treat as gone
    exit_ = ExitStatus{};
    return true;
  }
  return false;
}

ExitStatus Process::BlockingReap() {
  if (exit_) return *exit_;
  int status = 0;
  pid_t r;
  do {
    r = waitpid(pid_, &status, 0);
  } while (r < 0 && errno == EINTR);
  exit_ = r == pid_ ? FromWaitStatus(status) : ExitStatus{};
  return *exit_;
}

bool Process::Running() { return !TryReap(); }

ExitStatus Process::Stop(Duration grace) {
  if (TryReap()) return *exit_;
  kill(pid_, SIGTERM);
  if (auto s = WaitExit(grace)) return *s;
  kill(pid_, SIGKILL);
  return BlockingReap();
}

ExitStatus Process::Kill9() {
  if (TryReap()) return *exit_;
  kill(pid_, SIGKILL);
  return BlockingReap();
}

std::optional<ExitStatus> Process::WaitExit(Duration timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!TryReap()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(kReapPoll);
  }
  return exit_;
}

Status Process::SetFileSizeLimit(std::optional<uint64_t> bytes) {
  if (!Running()) return Unavailable(options_.name + " is not running");
  rlimit limit{};
  if (prlimit(pid_, RLIMIT_FSIZE, nullptr, &limit) != 0) {
    return Unavailable(Errno("prlimit " + options_.name, errno));
  }
  limit.rlim_cur = bytes ? static_cast<rlim_t>(*bytes) : limit.rlim_max;
  if (prlimit(pid_, RLIMIT_FSIZE, &limit, nullptr) != 0) {
    return Unavailable(Errno("prlimit " + options_.name, errno));
  }
  return Status::Ok();
}

std::filesystem::path Process::stdout_path() const {
  return options_.log_dir / (options_.name + ".stdout");
}

std::filesystem::path Process::stderr_path() const {
  return options_.log_dir / (options_.name + ".stderr");
}

std::string Process::ReadStdout() const { return ReadFile(stdout_path()); }

std::string Process::ReadStderr() const { return ReadFile(stderr_path()); }

std::string Process::StderrTail(size_t max_bytes) const {
  std::string all = ReadStderr();
  if (all.size() <= max_bytes) return all;
  return "…" + all.substr(all.size() - max_bytes);
}

namespace {

// Binds a `type` socket to 127.0.0.1:`port` (0: any) and closes it; returns the port bound.
Result<uint16_t> BindLoopback(int type, uint16_t port) {
  int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
  if (fd < 0) return Unavailable(Errno("socket", errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    int e = errno;
    close(fd);
    return Unavailable(Errno("bind 127.0.0.1:" + std::to_string(port), e));
  }
  close(fd);
  return static_cast<uint16_t>(ntohs(addr.sin_port));
}

}  // namespace

Result<uint16_t> PickFreeLoopbackPort(bool also_udp) {
  Status last;
  for (int attempt = 0; attempt < 20; ++attempt) {
    auto port = BindLoopback(SOCK_STREAM, 0);
    if (!port.ok()) return port.status();
    if (!also_udp) return port;
    auto udp = BindLoopback(SOCK_DGRAM, *port);
    if (udp.ok()) return port;
    last = udp.status();
  }
  return last;
}

Status WaitForHttpOk(uint16_t port, const std::string& path, Duration timeout, Process* process,
                     Duration poll) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string last = "no attempt";
  for (;;) {
    if (process != nullptr && !process->Running()) {
      return Unavailable(process->name() + " exited (" + process->exit_status()->ToString() +
                         ") before GET " + path + " answered 200; stderr:\n" +
                         process->StderrTail());
    }
    HttpClient client(port);
    client.set_timeout(std::chrono::seconds(2));
    auto res = client.Get(path);
    if (res.ok() && res->status == 200) return Status::Ok();
    last = res.ok() ? "status " + std::to_string(res->status) : res.status().ToString();
    if (std::chrono::steady_clock::now() + poll > deadline) break;
    std::this_thread::sleep_for(poll);
  }
  return Unavailable("GET 127.0.0.1:" + std::to_string(port) + path +
                     " did not answer 200 within " + FormatDuration(timeout) + "; last: " + last);
}

}  // namespace nagame::testing

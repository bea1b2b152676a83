// slash_bench: the chat commands' latency through the real Slack endpoint. Starts `nagame serve`
// (the binary given) on the review bench's year store (bench/review_bench.cc generates it) with
// a Slack signing secret, then sends each command as Slack does — a form POST to
// /chat/slack/commands signed v0 with the current timestamp — one at a time over loopback, and
// prints p50 and p99 (nearest rank) per command, with `help` (no store read) as the floor.
// A command that takes longer than Slack's reply budget is answered "Working on it…" at 2 s and
// its answer is posted to the command's response_url later, as Slack would see it: the bench
// receives it on loopback and counts the time until that answer arrived (`late` says how many).
// Then the meeting pages (issue 16: rendered server-side in under 300 ms, under 500 KB): each
// page GET the same way, timed until its whole body arrived, with its size.
//
//   slash_bench --nagame build-bench/nagame --db /tmp/year.db [--requests 20] [--pages-only]
//
// Prints "SLASH_RESULT command=… requests=… p50_ms=… p99_ms=… max_ms=… late=…" per command and
// "PAGE_RESULT page=… requests=… p50_ms=… p99_ms=… max_ms=… bytes=…" per page.
// Exit status 1 when the server does not start or a request fails.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <condition_variable>
#include <map>
#include <mutex>

#include <CLI/CLI.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "bot/chat/slack/slack_signature.h"
#include "bot/http/query.h"

extern char** environ;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Reply {
  unsigned status = 0;
  std::string body;
};

// One request on a fresh connection (Slack opens one per command). status 0: no answer.
Reply Send(uint16_t port, http::verb verb, const std::string& target, const std::string& body,
           const std::vector<std::pair<std::string, std::string>>& headers) {
  Reply out;
  try {
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    http::request<http::string_body> req(verb, target, 11);
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) req.set(k, v);
    if (verb == http::verb::post) {
      req.set(http::field::content_type, "application/x-www-form-urlencoded");
      req.body() = body;
      req.prepare_payload();
    }
    http::write(socket, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    http::read(socket, buffer, parser);
    out.status = parser.get().result_int();
    out.body = std::move(parser.get().body());
  } catch (const std::exception&) {
    out.status = 0;
  }
  return out;
}

// The commands' response_url: records when each target was first posted to, answers 200.
class Receiver {
 public:
  Receiver()
      : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}),
        port_(acceptor_.local_endpoint().port()) {
    thread_ = std::thread([this] { Serve(); });
  }
  ~Receiver() {
    stop_ = true;
    // A blocking accept does not return when the acceptor is closed from another thread:
    // connect once so that it returns and sees stop_.
    try {
      asio::io_context io;
      tcp::socket poke(io);
      poke.connect({asio::ip::make_address("127.0.0.1"), port_});
    } catch (const std::exception&) {
    }
    if (thread_.joinable()) thread_.join();
  }
  uint16_t port() const { return port_; }

  // When `target` was posted to, waiting up to `timeout`; nullopt if it was not.
  std::optional<Clock::time_point> WaitFor(const std::string& target, Clock::duration timeout) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, timeout, [&] { return arrived_.count(target) > 0; })) return {};
    return arrived_[target];
  }

 private:
  void Serve() {
    while (!stop_) {
      try {
        tcp::socket socket(io_);
        acceptor_.accept(socket);
        if (stop_) return;
        beast::flat_buffer buffer;
        http::request<http::string_body> req;
        http::read(socket, buffer, req);
        const auto at = Clock::now();
        {
          std::lock_guard lock(mu_);
          arrived_.emplace(std::string(req.target()), at);
        }
        cv_.notify_all();
        http::response<http::string_body> res(http::status::ok, 11);
        res.body() = "ok";
        res.prepare_payload();
        http::write(socket, res);
      } catch (const std::exception&) {
        // a closed acceptor (stop) or a broken connection: go on or stop
      }
    }
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  const uint16_t port_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Clock::time_point> arrived_;
  std::thread thread_;
};

uint16_t FreePort() {
  asio::io_context io;
  tcp::acceptor a(io, {asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

double Percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

std::string Timestamp() {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Slash commands' latency through the real Slack endpoint"};
  std::string nagame, db;
  int requests = 20;
  std::string rule = "Rule1";
  app.add_option("--nagame", nagame, "the nagame binary")->required();
  app.add_option("--db", db, "the year store (run review_bench first)")->required();
  app.add_option("--requests", requests, "timed requests per command (after one warm-up)");
  app.add_option("--rule", rule, "the rule for `rule NAME` and its page");
  bool pages_only = false;
  app.add_flag("--pages-only", pages_only, "time the meeting pages only, not the commands");
  CLI11_PARSE(app, argc, argv);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each line as it is measured, also into a pipe
  if (!std::filesystem::exists(db) || requests < 1) {
    std::cerr << "slash_bench: " << db << " does not exist (run review_bench --db first)\n";
    return 1;
  }

  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("slash_bench." + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::mt19937_64 rng(std::random_device{}());
  const std::string secret = std::to_string(rng()) + std::to_string(rng());
  const uint16_t port = FreePort();
  const std::string config_path = (dir / "nagame.yaml").string();
  {
    std::ofstream config(config_path);
    config << "listen: \"127.0.0.1:" << port << "\"\n"
           << "database: \"" << std::filesystem::absolute(db).string() << "\"\n"
           << "timezone: \"UTC\"\n"
           << "chat:\n  slack: {signing_secret: \"" << secret << "\"}\n";
  }
  const std::string log_path = (dir / "nagame.log").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<std::string> args = {nagame, "serve", "--config", config_path};
  std::vector<char*> argv_c;
  for (std::string& a : args) argv_c.push_back(a.data());
  argv_c.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, nagame.c_str(), &actions, nullptr, argv_c.data(), environ) != 0) {
    std::cerr << "slash_bench: cannot start " << nagame << "\n";
    return 1;
  }
  posix_spawn_file_actions_destroy(&actions);
  auto stop = [&] {
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::filesystem::remove_all(dir);
  };

  const auto started = Clock::now();
  while (Send(port, http::verb::get, "/healthz", "", {}).status != 200) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid ||
        Clock::now() - started > std::chrono::minutes(2)) {
      std::cerr << "slash_bench: nagame did not start; its log:\n"
                << std::ifstream(log_path).rdbuf() << "\n";
      if (::waitpid(pid, &status, WNOHANG) == 0) stop();
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

  std::vector<std::string> commands = {"help", "inventory 2026-W48", "top 10", "noisy",
                                       "rule " + rule};
  if (pages_only) commands.clear();
  Receiver receiver;
  int sequence = 0;
  std::printf("%-22s %8s %9s %9s %9s %8s\n", "command", "requests", "p50 ms", "p99 ms", "max ms",
              "late");
  int failures = 0;
  for (const std::string& command : commands) {
    std::vector<double> ms;
    int late = 0;
    for (int i = 0; i <= requests; ++i) {
      const std::string response_path = "/response/" + std::to_string(++sequence);
      const std::string body = nagame::bot::http::EncodeQuery(
          {{"command", "/nagame"},
           {"text", command},
           {"user_name", "bench"},
           {"response_url",
            "http://127.0.0.1:" + std::to_string(receiver.port()) + response_path}});
      const std::string ts = Timestamp();
      const auto t0 = Clock::now();
      Reply r = Send(port, http::verb::post, "/chat/slack/commands", body,
                     {{"X-Slack-Request-Timestamp", ts},
                      {"X-Slack-Signature", nagame::bot::chat::SlackSignature(secret, ts, body)}});
      auto answered = Clock::now();
      if (r.status == 200 && r.body.find("Working on it") != std::string::npos) {
        auto at = receiver.WaitFor(response_path, std::chrono::seconds(120));
        if (!at) {
          std::cerr << "slash_bench: " << command << ": no late answer within 120 s\n";
          ++failures;
          break;
        }
        answered = *at;
        if (i > 0) ++late;
      }
      const double elapsed = std::chrono::duration<double, std::milli>(answered - t0).count();
      if (r.status != 200) {
        std::cerr << "slash_bench: " << command << ": status " << r.status << " " << r.body << "\n";
        ++failures;
        break;
      }
      if (i == 0) continue;  // warm-up: the first read fills the page cache
      ms.push_back(elapsed);
    }
    if (ms.empty()) continue;
    std::printf("%-22s %8zu %9.1f %9.1f %9.1f %8d\n", command.c_str(), ms.size(),
                Percentile(ms, 0.5), Percentile(ms, 0.99), *std::max_element(ms.begin(), ms.end()),
                late);
    std::printf(
        "SLASH_RESULT command=\"%s\" requests=%zu p50_ms=%.1f p99_ms=%.1f max_ms=%.1f "
        "late=%d\n",
        command.c_str(), ms.size(), Percentile(ms, 0.5), Percentile(ms, 0.99),
        *std::max_element(ms.begin(), ms.end()), late);
  }

  // The meeting pages of the same week (the store's last complete one), as a browser asks.
  const std::vector<std::string> pages = {"/review/2026-W48", "/rules/" + rule + "/2026-W48",
                                          "/report/2026-W48"};
  std::printf("\n%-22s %8s %9s %9s %9s %8s\n", "page", "requests", "p50 ms", "p99 ms", "max ms",
              "KB");
  for (const std::string& page : pages) {
    std::vector<double> ms;
    size_t bytes = 0;
    for (int i = 0; i <= requests; ++i) {
      const auto t0 = Clock::now();
      Reply r = Send(port, http::verb::get, page, "", {});
      const double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      if (r.status != 200) {
        std::cerr << "slash_bench: " << page << ": status " << r.status << "\n";
        ++failures;
        break;
      }
      bytes = r.body.size();
      if (i == 0) continue;  // warm-up, as for the commands
      ms.push_back(elapsed);
    }
    if (ms.empty()) continue;
    std::printf("%-22s %8zu %9.1f %9.1f %9.1f %8.1f\n", page.c_str(), ms.size(),
                Percentile(ms, 0.5), Percentile(ms, 0.99), *std::max_element(ms.begin(), ms.end()),
                static_cast<double>(bytes) / 1024.0);
    std::printf(
        "PAGE_RESULT page=\"%s\" requests=%zu p50_ms=%.1f p99_ms=%.1f max_ms=%.1f bytes=%zu\n",
        page.c_str(), ms.size(), Percentile(ms, 0.5), Percentile(ms, 0.99),
        *std::max_element(ms.begin(), ms.end()), bytes);
  }
  stop();
  return failures == 0 ? 0 : 1;
}

// ingest_rate_client: an open-loop load generator that POSTs deliveries of 10 fresh firing
// alerts at a fixed rate over keep-alive connections and reports latency from each request's
// scheduled send time (no coordinated omission), for the "p99 at 1,000 deliveries/s" figure.
//
// Request i is due at start + i / rate. A free connection takes the next due request, waits
// for its time and sends it; when every connection is busy the due requests wait, and that
// wait counts in their latency, as it would for a sender that does not slow down.
//
// Prints one line "RATE_RESULT key=value …" (latencies in milliseconds). Exit status 0 when
// every request got a 2xx, 1 when any got another status or failed, 2 on bad arguments.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr int kAlertsPerDelivery = 10;
constexpr int kRules = 100;

struct Options {
  std::string host = "127.0.0.1";
  std::string port;
  std::string path;
  std::string format = "nagame";  // nagame: v4 webhook object; alertmanager: v2 alert array
  std::string token;              // bearer token (nagame), from the environment
  double rate = 1000;             // deliveries per second
  int connections = 16;
  double duration_s = 20;
  int origin = 2;  // the fingerprint key's top byte; keeps fingerprints apart from other runs
  double timeout_s = 10;
};

// Splits "http://host:port/path" into its parts. Returns false for anything else.
bool ParseUrl(const std::string& url, Options* o) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0) return false;
  std::string rest = url.substr(scheme.size());
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  o->path = slash == std::string::npos ? "/" : rest.substr(slash);
  size_t colon = authority.rfind(':');
  if (colon == std::string::npos || colon + 1 == authority.size()) return false;
  o->host = authority.substr(0, colon);
  o->port = authority.substr(colon + 1);
  return !o->host.empty();
}

// "2026-11-28T20:03:46.123Z" for the current system time.
std::string NowRfc3339() {
  auto now = std::chrono::system_clock::now();
  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms.count()));
  return out;
}

// splitmix64's finaliser: a bijection on 64-bit integers, so distinct keys give distinct
// fingerprints spread over the key space like Alertmanager's label hashes.
uint64_t Mix(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// One delivery's body: alerts number `first` … first + 9, each with a fingerprint (and so
// labels) that no other request of any run with another `origin` uses.
std::string MakeBody(const Options& o, uint64_t first) {
  const std::string starts = NowRfc3339();
  const bool webhook = o.format == "nagame";
  std::string alerts = "[";
  for (int k = 0; k < kAlertsPerDelivery; ++k) {
    uint64_t n = first + k;
    char fp[17];
    std::snprintf(fp, sizeof fp, "%016llx",
                  static_cast<unsigned long long>(Mix(uint64_t(o.origin) << 56 | n)));
    char rule[16];
    std::snprintf(rule, sizeof rule, "BenchRule%03d", static_cast<int>(n % kRules));
    char alert[1024];
    std::snprintf(
        alert, sizeof alert,
        R"({%s"labels":{"alertname":"%s","instance":"host-%s.bench:9100","job":"node",)"
        R"("severity":"%s","team":"team-%d"},"annotations":{"summary":"%s on host-%s",)"
        R"("runbook_url":"https://runbooks.example.com/%s"},"startsAt":"%s",%s)"
        R"("generatorURL":"http://prometheus.bench:9090/graph?g0.expr=up+%%3D%%3D+0\u0026g0.tab=1")"
        R"(%s%s%s})",
        webhook ? R"("status":"firing",)" : "", rule, fp, n % 3 == 0 ? "critical" : "warning",
        static_cast<int>(n % 7), rule, fp, rule, starts.c_str(),
        webhook ? R"("endsAt":"0001-01-01T00:00:00Z",)" : "", webhook ? R"(,"fingerprint":")" : "",
        webhook ? fp : "", webhook ? "\"" : "");
    if (k > 0) alerts += ',';
    alerts += alert;
  }
  alerts += ']';
  if (!webhook) return alerts;
  char group_key[64];
  std::snprintf(group_key, sizeof group_key, R"({}:{alertname=\"BenchRule\", batch=\"%llu\"})",
                static_cast<unsigned long long>(first / kAlertsPerDelivery));
  return R"({"receiver":"bench","status":"firing","alerts":)" + alerts +
         R"(,"groupLabels":{"alertname":"BenchRule"},"commonLabels":{"job":"node"},)"
         R"("commonAnnotations":{},"externalURL":"http://alertmanager.bench:9093",)"
         R"("version":"4","groupKey":")" +
         group_key + R"(","truncatedAlerts":0})";
}

struct Run {
  Options options;
  Clock::time_point start;
  std::chrono::nanoseconds interval;
  uint64_t total = 0;                // requests to send
  uint64_t next = 0;                 // next request to take
  std::vector<double> latencies_ms;  // of 2xx answers, from the scheduled time
  uint64_t ok = 0, non2xx = 0, errors = 0;
  double max_send_lag_ms = 0;  // how late a request left after its due time, at worst
  Clock::time_point last_done;
};

asio::awaitable<void> Connection(Run& run, tcp::resolver::results_type endpoints) {
  auto executor = co_await asio::this_coro::executor;
  const Options& o = run.options;
  const auto timeout =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.timeout_s));
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  asio::steady_timer timer(executor);
  while (run.next < run.total) {
    const uint64_t i = run.next++;
    const Clock::time_point due = run.start + i * run.interval;
    http::request<http::string_body> req{http::verb::post, o.path, 11};
    req.set(http::field::host, o.host + ":" + o.port);
    req.set(http::field::content_type, "application/json");
    if (!o.token.empty()) req.set(http::field::authorization, "Bearer " + o.token);
    req.body() = MakeBody(o, i * kAlertsPerDelivery);
    req.prepare_payload();
    if (Clock::now() < due) {
      timer.expires_at(due);
      co_await timer.async_wait(asio::use_awaitable);
    }
    run.max_send_lag_ms = std::max(
        run.max_send_lag_ms, std::chrono::duration<double, std::milli>(Clock::now() - due).count());
    try {
      if (!stream) {
        stream.emplace(executor);
        stream->expires_after(timeout);
        co_await stream->async_connect(endpoints, asio::use_awaitable);
        buffer.clear();
      }
      stream->expires_after(timeout);
      co_await http::async_write(*stream, req, asio::use_awaitable);
      http::response_parser<http::string_body> parser;
      parser.body_limit(1 << 20);
      co_await http::async_read(*stream, buffer, parser, asio::use_awaitable);
      const auto& res = parser.get();
      const auto now = Clock::now();
      run.last_done = std::max(run.last_done, now);
      if (res.result_int() / 100 == 2) {
        ++run.ok;
        run.latencies_ms.push_back(std::chrono::duration<double, std::milli>(now - due).count());
      } else {
        ++run.non2xx;
        if (run.non2xx <= 3) {
          std::cerr << "ingest_rate_client: HTTP " << res.result_int() << ": "
                    << res.body().substr(0, 200) << "\n";
        }
      }
      if (!res.keep_alive()) stream.reset();
    } catch (const boost::system::system_error& e) {
      ++run.errors;
      if (run.errors <= 3) std::cerr << "ingest_rate_client: " << e.what() << "\n";
      stream.reset();
    }
  }
  if (stream) {
    beast::error_code ignored;
    stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
  }
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size()));
  return sorted[std::min(rank, sorted.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Open-loop ingest load: N deliveries/s of 10 fresh alerts on K connections."};
  Options o;
  std::string url;
  std::string token_env = "NAGAME_BENCH_TOKEN";
  app.add_option("url", url, "http://HOST:PORT/PATH")->required();
  app.add_option("--format", o.format, "nagame (v4 webhook) or alertmanager (/api/v2/alerts)")
      ->check(CLI::IsMember({"nagame", "alertmanager"}));
  app.add_option("--rate", o.rate, "deliveries per second")->check(CLI::PositiveNumber);
  app.add_option("--connections", o.connections, "keep-alive connections")
      ->check(CLI::Range(1, 1024));
  app.add_option("--duration", o.duration_s, "seconds")->check(CLI::PositiveNumber);
  app.add_option("--origin", o.origin, "fingerprint key's top byte, 1..255")
      ->check(CLI::Range(1, 255));
  app.add_option("--timeout", o.timeout_s, "seconds per connect, write and read")
      ->check(CLI::PositiveNumber);
  app.add_option("--token-env", token_env,
                 "environment variable holding the bearer token (nagame format)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (!ParseUrl(url, &o)) {
    std::cerr << "ingest_rate_client: want http://HOST:PORT/PATH, got " << url << "\n";
    return 2;
  }
  if (o.format == "nagame") {
    const char* token = std::getenv(token_env.c_str());
    if (token == nullptr || *token == '\0') {
      std::cerr << "ingest_rate_client: " << token_env << " is not set\n";
      return 2;
    }
    o.token = token;
  }

  asio::io_context io(1);
  tcp::resolver resolver(io);
  beast::error_code ec;
  auto endpoints = resolver.resolve(o.host, o.port, ec);
  if (ec) {
    std::cerr << "ingest_rate_client: resolve " << o.host << ": " << ec.message() << "\n";
    return 1;
  }
  Run run;
  run.options = o;
  run.interval = std::chrono::nanoseconds(static_cast<int64_t>(1e9 / o.rate));
  run.total = static_cast<uint64_t>(o.rate * o.duration_s);
  run.latencies_ms.reserve(run.total);
  run.start = Clock::now() + std::chrono::milliseconds(50);  // time to open the connections
  run.last_done = run.start;
  for (int c = 0; c < o.connections; ++c) {
    asio::co_spawn(io, Connection(run, endpoints), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
  }
  io.run();

  std::sort(run.latencies_ms.begin(), run.latencies_ms.end());
  // Completions over the send window, or until the last answer when that came later.
  const double elapsed_s =
      std::max(o.duration_s, std::chrono::duration<double>(run.last_done - run.start).count());
  const double max_ms = run.latencies_ms.empty() ? 0 : run.latencies_ms.back();
  std::printf(
      "RATE_RESULT target=%s rate=%.0f connections=%d duration_s=%.1f sent=%llu ok=%llu "
      "non2xx=%llu errors=%llu achieved_per_s=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f "
      "p999_ms=%.3f max_ms=%.3f max_send_lag_ms=%.3f\n",
      o.format.c_str(), o.rate, o.connections, o.duration_s,
      static_cast<unsigned long long>(run.total), static_cast<unsigned long long>(run.ok),
      static_cast<unsigned long long>(run.non2xx), static_cast<unsigned long long>(run.errors),
      elapsed_s > 0 ? static_cast<double>(run.ok) / elapsed_s : 0, Percentile(run.latencies_ms, 50),
      Percentile(run.latencies_ms, 90), Percentile(run.latencies_ms, 99),
      Percentile(run.latencies_ms, 99.9), max_ms, run.max_send_lag_ms);
  return run.non2xx == 0 && run.errors == 0 ? 0 : 1;
}

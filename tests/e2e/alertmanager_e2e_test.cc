// End to end: a real Prometheus and a real HA pair of Alertmanagers deliver to the real nagame
// binary, and Nagame's episodes must match Prometheus's own record (the ALERTS series).
//
// How the comparison stays exact:
//  * Every rule below changes state only on the evaluation that follows a multiple of 10 s
//    (Unix time), i.e. at t with t mod 10 s in [0, 1 s). The comparison window [ws, we] starts
//    and ends 5 s past a multiple of 10 s, so no start or end of a firing lies near its edges.
//  * The window opens after the stack has settled (Prometheus sends to both Alertmanagers,
//    their gossip is settled): before that Prometheus drops alerts and the Alertmanagers hold
//    them back, so firings from start-up are left out.
//  * A firing belongs to the window when it starts inside it: for Prometheus the first sample
//    of a run of consecutive 1 s query steps, for Nagame an episode's starts_at (the first
//    sample trails starts_at by less than 1 s). Firings that started earlier and still run
//    (AlwaysFiring) are checked on their own.
//  * Nagame is read 15 s after the window closed (every firing that started in the window has
//    been delivered by then) and re-read until it matches or 30 s more have passed.
// Checked besides: no (fingerprint, startsAt) twice (repeats and HA duplicates fold in); only
// an instance's newest episode may be open; resolved episodes end when Prometheus's firing
// ended; AlwaysFiring is one open episode holding its repeats; NeverFires left nothing; no
// delivery was refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "rules/clock.h"
#include "rules/time.h"
#include "tests/support/files.h"
#include "tests/support/nagame_server.h"
#include "tests/support/prometheus_stack.h"

namespace nagame::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr char kToken[] = "e2e-alertmanager-token";
constexpr Duration kStep = seconds(1);

// Each rule's state changes at most once per 10 s, on the evaluation after a multiple of 10 s.
const std::vector<AlertRule>& Rules() {
  static const std::vector<AlertRule> rules = {
      {"AlwaysFiring", "vector(1)"},
      {"Flapping", "(vector(time()) % 20) < 10"},
      {"SlowFlapping", "(vector(time()) % 40) < 20"},
      // Two alerts in one group taking turns: deliveries mix firing and resolved alerts.
      {"FlappingPair",
       R"(label_replace((vector(time()) % 20) < 10, "shard", "a", "", "")
          or label_replace((vector(time() + 10) % 20) < 10, "shard", "b", "", ""))"},
      {"NeverFires", "vector(0) > 1"},
  };
  return rules;
}

int64_t UnixSecondsCeil(Time t) {
  int64_t ns = ToUnixNanos(t);
  return ns / 1'000'000'000 + (ns % 1'000'000'000 > 0 ? 1 : 0);
}

// The first time at or after `t` that lies 5 s past a multiple of 10 s.
Time MidPhaseAtOrAfter(Time t) {
  int64_t s = UnixSecondsCeil(t);
  s += ((5 - s % 10) + 10) % 10;
  return FromUnixNanos(s * 1'000'000'000);
}

std::string Show(Time t) { return FormatRfc3339(t); }
double Seconds(Duration d) { return ToSeconds(d); }

// An alert instance's identity for both sides: its labels (less ALERTS' own) as text.
std::string SeriesKey(const std::map<std::string, std::string>& labels) {
  std::string key = "{";
  for (const auto& [k, v] : labels) {
    if (k == "__name__" || k == "alertstate") continue;
    if (key.size() > 1) key += ",";
    key += k + "=\"" + v + "\"";
  }
  return key + "}";
}

// One run of consecutive ALERTS{alertstate="firing"} samples.
struct FiringRun {
  Time first;
  Time last;
  bool open = false;  // reaches the last step of the query: still firing
};

struct PrometheusRecord {
  std::map<std::string, std::string> rule_of;          // key → alertname
  std::map<std::string, std::vector<FiringRun>> runs;  // key → runs, oldest first
};

PrometheusRecord ToRecord(const std::vector<RangeSeries>& series, Time query_end) {
  PrometheusRecord record;
  for (const RangeSeries& s : series) {
    std::string key = SeriesKey(s.labels);
    record.rule_of[key] = s.labels.count("alertname") ? s.labels.at("alertname") : "";
    auto& runs = record.runs[key];
    for (Time t : s.sample_times) {
      if (!runs.empty() && t - runs.back().last <= kStep + milliseconds(100)) {
        runs.back().last = t;
      } else {
        runs.push_back({t, t, false});
      }
    }
    if (!runs.empty()) runs.back().open = runs.back().last >= query_end - milliseconds(100);
  }
  return record;
}

struct EpisodeRow {
  std::string rule;
  std::string fingerprint;
  std::string key;
  std::string state;
  Time starts_at;
  std::optional<Time> ends_at;
  int64_t notifications = 0;
};

Result<std::vector<EpisodeRow>> ToRows(const nlohmann::json& episodes) {
  std::vector<EpisodeRow> rows;
  for (const auto& e : episodes) {
    EpisodeRow row;
    row.rule = e.value("rule", "");
    row.fingerprint = e.value("fingerprint", "");
    row.state = e.value("state", "");
    row.notifications = e.value("notifications", int64_t{0});
    std::map<std::string, std::string> labels;
    for (const auto& [k, v] : e["labels"].items()) labels[k] = v.get<std::string>();
    row.key = SeriesKey(labels);
    auto starts = ParseRfc3339(e.value("starts_at", ""));
    if (!starts.ok() || !starts->has_value()) return InvalidArgument("bad starts_at: " + e.dump());
    row.starts_at = **starts;
    if (e.contains("ends_at") && e["ends_at"].is_string()) {
      auto ends = ParseRfc3339(e["ends_at"].get<std::string>());
      if (!ends.ok()) return InvalidArgument("bad ends_at: " + e.dump());
      row.ends_at = *ends;
    }
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(),
            [](const EpisodeRow& a, const EpisodeRow& b) { return a.starts_at < b.starts_at; });
  return rows;
}

std::string Describe(const EpisodeRow& e) {
  std::ostringstream out;
  out << e.rule << " " << e.fingerprint << " " << Show(e.starts_at) << " → "
      << (e.ends_at ? Show(*e.ends_at) : "open") << " " << e.state << " ×" << e.notifications;
  return out.str();
}

// Both sides, for a failure message.
std::string Dump(const PrometheusRecord& prom, const std::vector<EpisodeRow>& episodes) {
  std::ostringstream out;
  out << "Prometheus firing runs:\n";
  for (const auto& [key, runs] : prom.runs) {
    for (const FiringRun& r : runs) {
      out << "  " << key << " " << Show(r.first) << " … " << Show(r.last)
          << (r.open ? " (open)" : "") << "\n";
    }
  }
  out << "Nagame episodes:\n";
  for (const EpisodeRow& e : episodes) out << "  " << e.key << " " << Describe(e) << "\n";
  return out.str();
}

// Everything that must hold; returns what does not (empty: Nagame matches Prometheus).
std::vector<std::string> Mismatches(const PrometheusRecord& prom,
                                    const std::vector<EpisodeRow>& episodes, Time ws, Time we) {
  std::vector<std::string> out;
  std::map<std::string, std::vector<const EpisodeRow*>> by_key;
  for (const EpisodeRow& e : episodes) by_key[e.key].push_back(&e);

  // The same rules fired on both sides; NeverFires on neither.
  std::set<std::string> prom_rules, nagame_rules;
  for (const auto& [key, rule] : prom.rule_of) prom_rules.insert(rule);
  for (const EpisodeRow& e : episodes) nagame_rules.insert(e.rule);
  const std::set<std::string> expected = {"AlwaysFiring", "Flapping", "FlappingPair",
                                          "SlowFlapping"};
  if (prom_rules != expected) out.push_back("Prometheus fired an unexpected set of rules");
  if (nagame_rules != prom_rules) out.push_back("rules with episodes differ from Prometheus's");

  // No episode twice (repeats and the HA pair fold into one), one fingerprint per alert, and
  // only the newest episode of an instance may still be firing.
  std::set<std::pair<std::string, Time>> seen;
  for (const EpisodeRow& e : episodes) {
    if (!seen.insert({e.fingerprint, e.starts_at}).second) {
      out.push_back("duplicate episode: " + Describe(e));
    }
  }
  for (const auto& [key, list] : by_key) {
    for (size_t i = 0; i < list.size(); ++i) {
      if (list[i]->fingerprint != list[0]->fingerprint) {
        out.push_back(key + ": two fingerprints for one label set");
      }
      if (list[i]->state == "firing" && i + 1 != list.size()) {
        out.push_back("still firing though a newer episode exists: " + Describe(*list[i]));
      }
    }
  }

  // Firings that started inside the window: one episode each, same start, same end.
  for (const auto& [key, runs] : prom.runs) {
    std::vector<const FiringRun*> prom_in;
    for (const FiringRun& r : runs) {
      if (r.first >= ws && r.first <= we) prom_in.push_back(&r);
    }
    std::vector<const EpisodeRow*> nagame_in;
    for (const EpisodeRow* e : by_key[key]) {
      if (e->starts_at >= ws && e->starts_at <= we) nagame_in.push_back(e);
    }
    if (prom_in.size() != nagame_in.size()) {
      out.push_back(key + ": " + std::to_string(prom_in.size()) +
                    " firings in the window in Prometheus, " + std::to_string(nagame_in.size()) +
                    " episodes in Nagame");
      continue;
    }
    for (size_t i = 0; i < prom_in.size(); ++i) {
      const FiringRun& r = *prom_in[i];
      const EpisodeRow& e = *nagame_in[i];
      Duration lag = r.first - e.starts_at;  // first sample trails startsAt by [0, 1 s)
      if (lag < -milliseconds(50) || lag > milliseconds(1500)) {
        out.push_back(key + ": firing from " + Show(r.first) + " matched to episode " +
                      Describe(e));
      }
      if (e.state == "resolved") {
        // endsAt is the first evaluation that found it inactive: within 1 s after the last
        // sample.
        Duration tail = e.ends_at ? *e.ends_at - r.last : Duration::max();
        if (r.open || tail < Duration(0) || tail > milliseconds(1500)) {
          out.push_back(key + ": firing until " + Show(r.last) + (r.open ? " (open)" : "") +
                        " but resolved episode " + Describe(e));
        }
      }
    }
  }

  // AlwaysFiring: one firing since start-up, one open episode that took every repeat.
  auto always = by_key.find("{alertname=\"AlwaysFiring\"}");
  auto always_runs = prom.runs.find("{alertname=\"AlwaysFiring\"}");
  if (always_runs == prom.runs.end() || always_runs->second.size() != 1 ||
      !always_runs->second[0].open || always_runs->second[0].first > ws) {
    out.push_back("Prometheus: AlwaysFiring is not one firing covering the window");
  }
  if (always == by_key.end() || always->second.size() != 1) {
    out.push_back("AlwaysFiring: not exactly one episode");
  } else {
    const EpisodeRow& e = *always->second[0];
    if (e.state != "firing" || e.ends_at) out.push_back("AlwaysFiring not open: " + Describe(e));
    // 60 s of window with repeat_interval 6 s: about ten repeats, all folded into it.
    if (e.notifications < 5) out.push_back("AlwaysFiring: too few notifications: " + Describe(e));
    if (always_runs != prom.runs.end() && !always_runs->second.empty()) {
      // Alerts active when the rule manager starts are written to ALERTS from its third
      // evaluation on (once their `for` state is restored).
      Duration lag = always_runs->second[0].first - e.starts_at;
      if (lag < -milliseconds(50) || lag > seconds(5)) {
        out.push_back("AlwaysFiring starts_at does not match Prometheus: " + Describe(e));
      }
    }
  }
  return out;
}

// Sleeps until `until`, failing early if a process of the stack or Nagame has exited.
Status SleepWhileRunning(Time until, const std::vector<Process*>& processes) {
  while (SystemNow() < until) {
    for (Process* p : processes) {
      if (!p->Running()) {
        return Unavailable(p->name() + " exited: " + p->exit_status()->ToString() + "\n" +
                           p->StderrTail());
      }
    }
    std::this_thread::sleep_for(std::min<Duration>(milliseconds(500), until - SystemNow()));
  }
  return Status::Ok();
}

class AlertmanagerE2eTest : public ::testing::TestWithParam<int> {};

TEST_P(AlertmanagerE2eTest, EpisodesMatchPrometheusAlertsHistory) {
  const Duration peer_timeout = seconds(GetParam());
  auto test_start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return Seconds(std::chrono::steady_clock::now() - test_start); };
  TempDir dir;
  NagameOptions nagame_options;
  nagame_options.dir = dir.path();
  nagame_options.bearer_token = kToken;
  auto nagame = NagameServer::Start(nagame_options);
  ASSERT_TRUE(nagame.ok()) << nagame.status().ToString();

  StackOptions options;
  options.dir = dir.path();
  options.rules = Rules();
  options.webhook_url = (*nagame)->webhook_url();
  options.bearer_token = kToken;
  options.peer_timeout = peer_timeout;
  Time stack_started = SystemNow();
  auto stack = PrometheusStack::Start(options);
  ASSERT_TRUE(stack.ok()) << stack.status().ToString();
  PrometheusStack& s = **stack;
  Status settled = s.WaitUntilSettled(seconds(60));
  ASSERT_TRUE(settled.ok()) << settled.ToString() << "\n" << s.Logs();
  const Time t0 = SystemNow();
  const double settled_after = elapsed();

  const Time ws = MidPhaseAtOrAfter(t0 + seconds(3));
  const Time we = ws + seconds(60);
  std::vector<Process*> all = {&(*nagame)->process(), &s.prometheus().process()};
  for (size_t i = 0; i < s.alertmanager_count(); ++i) all.push_back(&s.alertmanager(i).process());
  Status alive = SleepWhileRunning(we + seconds(15), all);
  ASSERT_TRUE(alive.ok()) << alive.ToString();

  // Prometheus's record, up to now (whole seconds, so that samples fall on the steps).
  const Time query_start = FromUnixNanos(UnixSecondsCeil(stack_started) * 1'000'000'000);
  const Time query_end = FromUnixNanos((UnixSecondsCeil(SystemNow()) - 1) * 1'000'000'000);
  auto series =
      s.prometheus().QueryRange("ALERTS{alertstate=\"firing\"}", query_start, query_end, kStep);
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  const PrometheusRecord prom = ToRecord(*series, query_end);

  // Nagame's, re-read until it matches (late deliveries) or 30 s have passed.
  const std::string query = "from=" + UrlEncode(Show(stack_started - seconds(60))) +
                            "&to=" + UrlEncode(Show(SystemNow() + seconds(600))) + "&limit=10000";
  std::vector<EpisodeRow> episodes;
  std::vector<std::string> mismatches;
  const Time read_deadline = SystemNow() + seconds(30);
  int reads = 0;
  for (;;) {
    auto list = (*nagame)->Episodes(query);
    ASSERT_TRUE(list.ok()) << list.status().ToString();
    auto rows = ToRows(*list);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    episodes = std::move(rows).value();
    mismatches = Mismatches(prom, episodes, ws, we);
    ++reads;
    if (mismatches.empty() || SystemNow() >= read_deadline) break;
    std::this_thread::sleep_for(seconds(1));
  }
  std::string mismatch_text;
  for (const auto& m : mismatches) mismatch_text += "  " + m + "\n";
  EXPECT_TRUE(mismatches.empty()) << "window " << Show(ws) << " … " << Show(we) << ":\n"
                                  << mismatch_text << Dump(prom, episodes);

  // The window saw what the rules promise (so the comparison above compared something).
  auto firings_in_window = [&](const std::string& key) {
    auto it = prom.runs.find(key);
    if (it == prom.runs.end()) return 0;
    return static_cast<int>(
        std::count_if(it->second.begin(), it->second.end(),
                      [&](const FiringRun& r) { return r.first >= ws && r.first <= we; }));
  };
  EXPECT_EQ(firings_in_window("{alertname=\"Flapping\"}"), 3);
  EXPECT_EQ(firings_in_window("{alertname=\"FlappingPair\",shard=\"a\"}"), 3);
  EXPECT_EQ(firings_in_window("{alertname=\"FlappingPair\",shard=\"b\"}"), 3);
  int slow = firings_in_window("{alertname=\"SlowFlapping\"}");
  EXPECT_TRUE(slow == 1 || slow == 2) << slow;

  // Every delivery either Alertmanager attempted was accepted.
  double sent[2] = {0, 0};
  for (size_t i = 0; i < s.alertmanager_count(); ++i) {
    auto failed = s.alertmanager(i).MetricSum("alertmanager_notifications_failed_total",
                                              "integration=\"webhook\"");
    ASSERT_TRUE(failed.ok()) << failed.status().ToString();
    EXPECT_EQ(*failed, 0) << s.alertmanager(i).process().name() << " failed deliveries";
    auto total =
        s.alertmanager(i).MetricSum("alertmanager_notifications_total", "integration=\"webhook\"");
    ASSERT_TRUE(total.ok()) << total.status().ToString();
    if (i < 2) sent[i] = *total;
  }
  // Both members delivered: what Nagame folded included HA duplicates and stale news.
  EXPECT_GT(std::min(sent[0], sent[1]), 0) << "one Alertmanager never delivered";

  std::string actions;  // what Nagame did with the notifications, for the report
  for (const char* action :
       {"open", "extend", "resolve", "record", "notify_only", "expire", "reopen"}) {
    auto n = ScrapeMetricSum((*nagame)->port(), "nagame_episode_actions_total",
                             std::string("action=\"") + action + "\"");
    actions +=
        std::string(" ") + action + "=" + (n.ok() ? std::to_string(static_cast<int64_t>(*n)) : "?");
  }

  s.Stop();
  ExitStatus nagame_exit = (*nagame)->process().Stop();
  EXPECT_TRUE(nagame_exit.success()) << nagame_exit.ToString() << "\n"
                                     << (*nagame)->process().StderrTail();

  std::printf(
      "[ e2e ] peer_timeout=%ds: settled after %.1fs, window %s … %s, compared after %d "
      "read(s) of Nagame, deliveries am1=%.0f am2=%.0f, episodes=%zu, actions:%s; total %.1fs\n",
      GetParam(), settled_after, Show(ws).c_str(), Show(we).c_str(), reads, sent[0], sent[1],
      episodes.size(), actions.c_str(), elapsed());
}

// 2 s: a short peer timeout, as in a quick test; 15 s: Alertmanager's default, with which the
// second member sends stale firings and resolved-only news (see the capture summary).
INSTANTIATE_TEST_SUITE_P(PeerTimeout, AlertmanagerE2eTest, ::testing::Values(2, 15),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::to_string(info.param) + "s";
                         });

}  // namespace
}  // namespace nagame::testing

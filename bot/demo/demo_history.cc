// BuildDemoHistory: lays out each demo rule's episodes, then turns them into notifications.
#include "bot/demo/demo_history.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>

namespace nagame::bot::demo {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Alertmanager's default repeat_interval: a firing alert is notified again this often.
constexpr Duration kRepeatInterval = hours(4);
constexpr char kSource[] = "alertmanager";

// SplitMix64: a fixed, portable sequence (std:: distributions differ between libraries).
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  Duration Seconds(int64_t lo, int64_t hi) { return seconds(Between(lo, hi)); }

 private:
  uint64_t state_;
};

struct Instance {
  std::string rule;
  rules::Labels labels;
  rules::Labels annotations;
  std::string fingerprint;
};

struct PlannedEpisode {
  const Instance* instance;
  Time start;
  Time end;  // may be after now: still firing
};

struct RuleSpec {
  const char* name;
  DemoKind kind;
  const char* severity;
  const char* team;
  const char* summary;
  const char* expr;
  const char* for_duration;  // "" for none
};

// The demo rules, their rule file entries and what each is there to show.
constexpr RuleSpec kSpecs[] = {
    {"DemoPodCrashLooping", DemoKind::kNoisy, "warning", "payments",
     "[demo] A payments pod restarted",
     "increase(kube_pod_container_status_restarts_total[5m]) > 0", ""},
    {"DemoQueueLatencyHigh", DemoKind::kFlapping, "warning", "checkout",
     "[demo] Order queue latency above 2s",
     "histogram_quantile(0.99, rate(queue_wait_seconds_bucket[1m])) > 2", ""},
    {"DemoNightlyBackupIO", DemoKind::kScheduled, "warning", "storage",
     "[demo] Disk I/O saturated on the database host",
     "rate(node_disk_io_time_seconds_total[5m]) > 0.9", "2m"},
    {"DemoCertificateExpiring", DemoKind::kStuck, "info", "platform",
     "[demo] A TLS certificate expires within 30 days",
     "probe_ssl_earliest_cert_expiry - time() < 30 * 86400", "10m"},
    {"DemoNodeDown", DemoKind::kCoFiring, "critical", "platform", "[demo] A node stopped answering",
     "up{job=\"node\"} == 0", "1m"},
    {"DemoTargetDown", DemoKind::kCoFiring, "critical", "platform",
     "[demo] A scrape target is down", "up == 0", "1m"},
    {"DemoCheckoutErrorBudgetBurn", DemoKind::kHealthy, "critical", "checkout",
     "[demo] Checkout is burning its error budget 14x too fast",
     "sum(rate(http_requests_total{job=\"checkout\",code=~\"5..\"}[5m])) / "
     "sum(rate(http_requests_total{job=\"checkout\"}[5m])) > 0.014",
     "5m"},
};

Instance MakeInstance(const RuleSpec& spec, const std::string& instance) {
  Instance out;
  out.rule = spec.name;
  out.labels = {{"alertname", spec.name},
                {"instance", instance},
                {"severity", spec.severity},
                {"team", spec.team},
                {kDemoLabel, kDemoLabelValue}};
  out.annotations = {
      {"summary", spec.summary},
      {"description", "Demo history seeded by `nagame seed-demo`: not a real alert."},
      {"runbook_url", std::string("https://runbooks.example.com/demo/") + spec.name}};
  out.fingerprint = rules::FingerprintOf(kSource, out.labels);
  return out;
}

std::string RuleFileYaml() {
  std::string out =
      "# DEMO rules, written by `nagame seed-demo` next to its made-up history: they define the\n"
      "# demo alerts the review shows on first start. Not for a real Prometheus.\n"
      "groups:\n  - name: nagame-demo-history\n    rules:\n";
  for (const RuleSpec& s : kSpecs) {
    out += std::string("      - alert: ") + s.name + "\n        expr: '" + s.expr + "'\n";
    if (*s.for_duration) out += std::string("        for: ") + s.for_duration + "\n";
    out += std::string("        labels:\n          severity: ") + s.severity +
           "\n          team: " + s.team + "\n          " + kDemoLabel + ": " + kDemoLabelValue +
           "\n        annotations:\n          summary: \"" + s.summary +
           "\"\n          runbook_url: https://runbooks.example.com/demo/" + s.name + "\n";
  }
  return out;
}

// Notifications for one episode: firing at its start and every kRepeatInterval while it runs
// (before now), resolved at its end when that has passed.
void Notify(const PlannedEpisode& e, Time now, std::vector<rules::Delivery>* out) {
  auto delivery = [&](Time at, rules::AlertStatus status) {
    rules::Delivery d;
    d.source = kSource;
    d.receiver = "demo";
    d.group_key = "{}:{alertname=\"" + e.instance->rule + "\"}";
    d.external_url = "http://alertmanager.demo.invalid";
    d.status = rules::AlertStatusName(status);
    d.received_at = at;
    rules::AlertEvent a;
    a.rule = e.instance->rule;
    a.fingerprint = e.instance->fingerprint;
    a.status = status;
    a.labels = e.instance->labels;
    a.annotations = e.instance->annotations;
    a.starts_at = e.start;
    if (status == rules::AlertStatus::kResolved) a.ends_at = e.end;
    a.generator_url = "http://prometheus.demo.invalid/graph";
    d.alerts.push_back(std::move(a));
    out->push_back(std::move(d));
  };
  for (Time t = e.start; t < std::min(e.end, now); t += kRepeatInterval) {
    delivery(t, rules::AlertStatus::kFiring);
  }
  if (e.end < now) delivery(e.end, rules::AlertStatus::kResolved);
}

}  // namespace

const char* DemoKindName(DemoKind kind) {
  switch (kind) {
    case DemoKind::kNoisy:
      return "noisy";
    case DemoKind::kFlapping:
      return "flapping";
    case DemoKind::kScheduled:
      return "scheduled";
    case DemoKind::kStuck:
      return "stuck";
    case DemoKind::kCoFiring:
      return "co-firing";
    case DemoKind::kHealthy:
      return "healthy";
  }
  return "unknown";
}

DemoHistory BuildDemoHistory(Time now) {
  DemoHistory h;
  for (const RuleSpec& s : kSpecs) h.rules.push_back({s.name, s.kind});
  h.rule_file = RuleFileYaml();

  const Time today = std::chrono::floor<days>(now);
  const Time from = today - kDemoSpan;
  const int span_days = static_cast<int>(kDemoSpan / days(1)) + 1;  // through today
  Random rnd(20261116);
  std::deque<Instance> instances;  // stable addresses
  auto instance = [&](size_t spec, const std::string& name) -> const Instance* {
    instances.push_back(MakeInstance(kSpecs[spec], name));
    return &instances.back();
  };
  std::vector<PlannedEpisode> episodes;
  auto add = [&](const Instance* i, Time start, Duration length) {
    if (start >= from && start < now) episodes.push_back({i, start, start + length});
  };

  // When the meeting decided to ticket the crash loops: they halve afterwards.
  const Time ticket_decided = today - days(10) + hours(10);

  // Noisy: four pods restart several times a day, a few minutes each.
  const Instance* pods[4];
  for (int p = 0; p < 4; ++p) pods[p] = instance(0, "payments-api-" + std::to_string(p));
  // Flapping: bursts of short episodes, seconds apart.
  const Instance* queue = instance(1, "queue-orders");
  // Scheduled: the nightly backup saturates the disk at 02:00.
  const Instance* backup = instance(2, "db-1");
  // Stuck: firing since the start of the history.
  const Instance* cert = instance(3, "shop.example.com:443");
  // Co-firing: a node going down takes its scrape target with it.
  const Instance* node[3];
  const Instance* target[3];
  for (int n = 0; n < 3; ++n) {
    node[n] = instance(4, "node-" + std::to_string(n + 1));
    target[n] = instance(5, "node-" + std::to_string(n + 1));
  }
  // Healthy: rare, real, and every time someone looks.
  const Instance* checkout = instance(6, "checkout");

  for (int d = 0; d < span_days; ++d) {
    const Time day = from + days(d);
    for (const Instance* pod : pods) {
      const int per_day = day < ticket_decided ? 6 : 2;
      for (int k = 0; k < per_day; ++k) {
        add(pod, day + rnd.Seconds(0, 86399), rnd.Seconds(120, 360));
      }
    }
    for (int burst = 0; burst < 2; ++burst) {
      Time t = day + rnd.Seconds(6 * 3600, 22 * 3600);
      const int64_t n = rnd.Between(4, 8);
      for (int64_t k = 0; k < n; ++k) {
        const Duration length = rnd.Seconds(30, 90);
        add(queue, t, length);
        t += length + rnd.Seconds(60, 150);
      }
    }
    add(backup, day + hours(2) + rnd.Seconds(0, 480), rnd.Seconds(25 * 60, 40 * 60));
    if (d % 2 == 1) {
      const int n = static_cast<int>(rnd.Between(0, 2));
      const Time t = day + rnd.Seconds(0, 86399);
      const Duration length = rnd.Seconds(180, 900);
      add(node[n], t, length);
      add(target[n], t + rnd.Seconds(20, 60), length);
    }
  }
  add(cert, from + hours(1), kDemoSpan + days(2));
  for (int w = 0; w * 7 < span_days; ++w) {
    const Time t = from + days(w * 7 + 2) + hours(14) + rnd.Seconds(0, 3600);
    add(checkout, t, rnd.Seconds(15 * 60, 40 * 60));
  }

  std::stable_sort(
      episodes.begin(), episodes.end(),
      [](const PlannedEpisode& a, const PlannedEpisode& b) { return a.start < b.start; });
  for (const PlannedEpisode& e : episodes) {
    Notify(e, now, &h.deliveries);
    // Every burn of the error budget was looked at; a few crash loops were.
    const bool acked =
        e.instance == checkout ||
        (e.instance == pods[0] && e.start.time_since_epoch() / std::chrono::hours(1) % 9 == 0);
    if (acked && e.start + minutes(3) < now) {
      DemoAck a;
      a.ack.source = kSource;
      a.ack.rule = e.instance->rule;
      a.ack.user = e.instance == checkout ? "alice" : "bob";
      a.ack.note =
          e.instance == checkout ? "[demo] rolled back the deploy" : "[demo] restarted again";
      a.ack.at = e.start + minutes(3);
      a.fingerprint = e.instance->fingerprint;
      a.episode_start = e.start;
      h.acks.push_back(std::move(a));
    }
  }
  std::stable_sort(h.deliveries.begin(), h.deliveries.end(),
                   [](const rules::Delivery& a, const rules::Delivery& b) {
                     return a.received_at < b.received_at;
                   });

  auto decide = [&](const char* rule, rules::DecisionAction action, const char* author,
                    const char* note, Time at) {
    if (at >= now) return;
    rules::Decision d;
    d.rule = rule;
    d.action = action;
    d.author = author;
    d.note = note;
    d.at = at;
    h.decisions.push_back(std::move(d));
  };
  decide("DemoCheckoutErrorBudgetBurn", rules::DecisionAction::kKeep, "alice",
         "[demo] Fires rarely and every firing was real.", ticket_decided - days(7));
  decide("DemoPodCrashLooping", rules::DecisionAction::kTicket, "carol",
         "[demo] OPS-1234: fix the crash loop; route restarts to the ticket queue.",
         ticket_decided);

  if (today - days(3) + hours(16) < now) {
    rules::Incident incident;
    incident.service = "checkout";
    incident.text =
        "[demo] Checkout answered 502 for 25 minutes after a config push; no alert fired.";
    incident.author = "dave";
    incident.started_at = today - days(3) + hours(16);
    h.incidents.push_back(std::move(incident));
  }
  return h;
}

}  // namespace nagame::bot::demo

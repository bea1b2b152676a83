// A fluent builder of firing histories for check tests, so a case reads like its pattern:
//
//   HistoryBuilder h(Week("2026-11-23"));
//   h.Rule("PodRestartsHigh").Every(10min).For(30s).OnInstances(3).Times(20);
//   CheckInput in = h.Build();
//
// Episodes are laid out from the window start (or StartingAt) forward; each instance gets the
// same pattern. Ids are assigned in creation order.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "rules/check.h"

namespace nagame::testing {

// [from, from + 7d) for a date "YYYY-MM-DD" (UTC midnight).
rules::Window Week(const std::string& date);
Time AtTime(const std::string& rfc3339);

// `n` watch-query samples from `from`, `step` apart; sample i has value `value(i)`.
std::vector<std::pair<Time, double>> Samples(Time from, Duration step, int n,
                                             const std::function<double(int)>& value);

class HistoryBuilder;

class RuleBuilder {
 public:
  RuleBuilder& Every(Duration period);
  RuleBuilder& For(Duration length);
  RuleBuilder& OnInstances(int n);
  RuleBuilder& StartingAt(Time t);
  RuleBuilder& Notifications(int64_t per_episode);
  RuleBuilder& Label(const std::string& name, const std::string& value);
  RuleBuilder& Annotation(const std::string& name, const std::string& value);
  RuleBuilder& LastOneOpen();  // the last episode of each instance is still firing
  // Lays out `n` episodes per instance: t0, t0 + period, … (now: adds them to the history).
  RuleBuilder& Times(int n);
  // One explicit episode on instance `instance` (default "host-0").
  RuleBuilder& Episode(Time start, Duration length, const std::string& instance = "host-0");
  RuleBuilder& OpenEpisode(Time start, const std::string& instance = "host-0");
  // Registers a definition for this rule (expr, for) so definition-based checks see it.
  RuleBuilder& Defined(const std::string& expr, Duration for_duration = Duration::zero(),
                       Time since = Time{});

 private:
  friend class HistoryBuilder;
  RuleBuilder(HistoryBuilder* h, std::string source, std::string rule);
  void Add(Time start, std::optional<Time> end, const std::string& instance);

  HistoryBuilder* h_;
  std::string source_, rule_;
  Duration period_ = std::chrono::minutes(10), length_ = std::chrono::seconds(30);
  int instances_ = 1;
  std::optional<Time> start_;
  int64_t notifications_ = 1;
  bool last_open_ = false;
  rules::Labels labels_;
  rules::Labels annotations_;
};

class HistoryBuilder {
 public:
  // `now` defaults to window.to.
  explicit HistoryBuilder(rules::Window window, std::optional<Time> now = std::nullopt);
  RuleBuilder& Rule(const std::string& name, const std::string& source = "alertmanager");
  // Adds an Alertmanager silence (and marks silences available). Matchers are written as
  // Alertmanager prints them: "alertname=HighCPU", "env!=dev", "job=~node|kube", "pod!~db-.*".
  HistoryBuilder& Silence(const std::string& id, const std::vector<std::string>& matchers,
                          Time starts_at, Time ends_at, const std::string& comment = "",
                          const std::string& created_by = "");
  // The CheckInput with history_from = window.from - 3 × window length (4 windows).
  rules::CheckInput Build() const;
  rules::CheckInput& input() { return input_; }

 private:
  friend class RuleBuilder;
  rules::CheckInput input_;
  std::vector<std::unique_ptr<RuleBuilder>> rules_;
  int64_t next_id_ = 1;
};

}  // namespace nagame::testing

// The fluent history builder for check tests.
#include "tests/support/history_builder.h"

namespace nagame::testing {

rules::Window Week(const std::string& date) {
  Time from = **ParseRfc3339(date + "T00:00:00Z");
  return {from, from + std::chrono::hours(24 * 7)};
}

Time AtTime(const std::string& rfc3339) { return **ParseRfc3339(rfc3339); }

RuleBuilder::RuleBuilder(HistoryBuilder* h, std::string source, std::string rule)
    : h_(h), source_(std::move(source)), rule_(std::move(rule)) {}

RuleBuilder& RuleBuilder::Every(Duration p) {
  period_ = p;
  return *this;
}
RuleBuilder& RuleBuilder::For(Duration l) {
  length_ = l;
  return *this;
}
RuleBuilder& RuleBuilder::OnInstances(int n) {
  instances_ = n;
  return *this;
}
RuleBuilder& RuleBuilder::StartingAt(Time t) {
  start_ = t;
  return *this;
}
RuleBuilder& RuleBuilder::Notifications(int64_t n) {
  notifications_ = n;
  return *this;
}
RuleBuilder& RuleBuilder::LastOneOpen() {
  last_open_ = true;
  return *this;
}
RuleBuilder& RuleBuilder::Label(const std::string& name, const std::string& value) {
  labels_[name] = value;
  return *this;
}

void RuleBuilder::Add(Time start, std::optional<Time> end, const std::string& instance) {
  rules::Episode e;
  e.id = h_->next_id_++;
  e.source = source_;
  e.rule = rule_;
  e.labels = labels_;
  e.labels["alertname"] = rule_;
  e.labels["instance"] = instance;
  e.fingerprint = rules::FingerprintOf(source_, e.labels);
  e.starts_at = start;
  e.ends_at = end;
  e.state = end ? rules::EpisodeState::kResolved : rules::EpisodeState::kFiring;
  e.notifications = notifications_;
  e.first_notified_at = start;
  e.last_notified_at = end.value_or(start);
  h_->input_.episodes.push_back(std::move(e));
  auto key = std::make_pair(source_, rule_);
  auto& last = h_->input_.last_episode_start[key];
  last = std::max(last, start);
}

RuleBuilder& RuleBuilder::Times(int n) {
  Time t0 = start_.value_or(h_->input_.window.from);
  for (int i = 0; i < instances_; ++i) {
    for (int k = 0; k < n; ++k) {
      Time start = t0 + period_ * k;
      bool open = last_open_ && k == n - 1;
      Add(start, open ? std::nullopt : std::optional<Time>(start + length_),
          "host-" + std::to_string(i));
    }
  }
  return *this;
}

RuleBuilder& RuleBuilder::Episode(Time start, Duration length, const std::string& instance) {
  Add(start, start + length, instance);
  return *this;
}

RuleBuilder& RuleBuilder::OpenEpisode(Time start, const std::string& instance) {
  Add(start, std::nullopt, instance);
  return *this;
}

RuleBuilder& RuleBuilder::Defined(const std::string& expr, Duration for_duration, Time since) {
  rules::DefinedRule d;
  d.definition.name = rule_;
  d.definition.group = "test";
  d.definition.file = "test.rules.yml";
  d.definition.expr = expr;
  d.definition.for_duration = for_duration;
  d.source = source_;
  d.defined_since = since;
  h_->input_.rules.push_back(std::move(d));
  h_->input_.rules_availability.status = Status::Ok();
  return *this;
}

HistoryBuilder::HistoryBuilder(rules::Window window, std::optional<Time> now) {
  input_.window = window;
  input_.now = now.value_or(window.to);
  input_.history_from = window.from - window.length() * 3;
}

RuleBuilder& HistoryBuilder::Rule(const std::string& name, const std::string& source) {
  rules_.push_back(std::unique_ptr<RuleBuilder>(new RuleBuilder(this, source, name)));
  return *rules_.back();
}

rules::CheckInput HistoryBuilder::Build() const { return input_; }

}  // namespace nagame::testing

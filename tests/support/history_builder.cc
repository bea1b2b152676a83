// The fluent history builder for check tests.
#include "tests/support/history_builder.h"

namespace nagame::testing {

rules::Window Week(const std::string& date) {
  Time from = **ParseRfc3339(date + "T00:00:00Z");
  return {from, from + std::chrono::hours(24 * 7)};
}

Time AtTime(const std::string& rfc3339) { return **ParseRfc3339(rfc3339); }

std::vector<std::pair<Time, double>> Samples(Time from, Duration step, int n,
                                             const std::function<double(int)>& value) {
  std::vector<std::pair<Time, double>> out;
  for (int i = 0; i < n; ++i) out.push_back({from + step * i, value(i)});
  return out;
}

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

RuleBuilder& RuleBuilder::Annotation(const std::string& name, const std::string& value) {
  annotations_[name] = value;
  return *this;
}

void RuleBuilder::Add(Time start, std::optional<Time> end, const std::string& instance) {
  rules::Episode e;
  e.id = h_->next_id_++;
  e.source = source_;
  e.rule = rule_;
  e.labels = labels_;
  e.annotations = annotations_;
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

HistoryBuilder& HistoryBuilder::Silence(const std::string& id,
                                        const std::vector<std::string>& matchers, Time starts_at,
                                        Time ends_at, const std::string& comment,
                                        const std::string& created_by) {
  rules::Silence s;
  s.id = id;
  s.starts_at = starts_at;
  s.ends_at = ends_at;
  s.comment = comment;
  s.created_by = created_by;
  s.state = ends_at <= input_.now ? "expired" : starts_at > input_.now ? "pending" : "active";
  for (const std::string& text : matchers) {
    // name, then one of "=", "!=", "=~", "!~", then the value.
    size_t op = text.find_first_of("=!");
    rules::SilenceMatcher m;
    m.name = text.substr(0, op);
    m.is_equal = text[op] == '=';
    size_t value = op + 1;
    if (!m.is_equal || (value < text.size() && text[value] == '~')) ++value;
    m.is_regex = text[value - 1] == '~';
    m.value = text.substr(value);
    s.matchers.push_back(std::move(m));
  }
  input_.silences.push_back(std::move(s));
  input_.silences_availability.status = Status::Ok();
  return *this;
}

rules::CheckInput HistoryBuilder::Build() const { return input_; }

}  // namespace nagame::testing

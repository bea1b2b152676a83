// ReviewService: CheckInput assembly from storage, rule files and upstreams; record validation.
#include "bot/review/review_service.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <utility>

#include "bot/review/checks_settings.h"
#include "bot/review/window_spec.h"
#include "bot/rules_source/rule_file_loader.h"
#include "rules/clock.h"
#include "rules/rule_scope.h"

namespace nagame::bot {

struct ReviewService::Stores {
  std::unique_ptr<storage::EventStore> events;
  std::unique_ptr<storage::HistorySummary> history;
  std::unique_ptr<storage::ReviewStore> records;
  std::unique_ptr<storage::SnapshotStore> snapshots;
};

namespace {

constexpr char kRuleFilesOrigin[] = "rule_files";
constexpr char kPrometheusOrigin[] = "prometheus";
constexpr char kDefaultSource[] = "alertmanager";  // rule files' alerts arrive through it
constexpr size_t kRecentEpisodes = 20;

// The rule files' alerting rules, or the reason they could not be read.
struct RuleFileRead {
  std::vector<rules::DefinedRule> rules;
  Status status;
};

RuleFileRead ReadRuleFiles(const std::vector<std::string>& globs) {
  RuleFileRead out;
  if (globs.empty()) {
    out.status = Unavailable("no rule_files configured");
    return out;
  }
  auto files = LoadRuleFiles(globs);
  if (!files.ok()) {
    out.status = Unavailable("rule files: " + files.status().message());
    return out;
  }
  for (const rules::RuleFile& f : *files) {
    for (const rules::RuleDefinition& d : f.alerts) {
      rules::DefinedRule r;
      r.definition = d;
      r.source = kDefaultSource;
      out.rules.push_back(std::move(r));
    }
  }
  return out;
}

Status CheckName(const std::string& value, const char* field) {
  if (value.empty()) return InvalidArgument("must not be empty", field);
  if (value.size() > kMaxRecordName) {
    return InvalidArgument("longer than " + std::to_string(kMaxRecordName) + " bytes", field);
  }
  return Status::Ok();
}

Status CheckText(const std::string& value, const char* field, bool required = false) {
  if (required && value.empty()) return InvalidArgument("must not be empty", field);
  if (value.size() > kMaxRecordText) {
    return InvalidArgument("longer than " + std::to_string(kMaxRecordText) + " bytes", field);
  }
  return Status::Ok();
}

}  // namespace

ReviewService::ReviewService(Config config, ReviewServiceOptions options, Zone zone,
                             rules::ChecksSettings settings, std::unique_ptr<Stores> stores)
    : config_(std::move(config)),
      options_(std::move(options)),
      zone_(std::move(zone)),
      settings_(std::move(settings)),
      stores_(std::move(stores)) {}

ReviewService::~ReviewService() = default;

Result<std::unique_ptr<ReviewService>> ReviewService::Create(Config config,
                                                             ReviewServiceOptions options) {
  NAGAME_ASSIGN_OR_RETURN(Zone zone, Zone::Find(config.timezone));
  NAGAME_ASSIGN_OR_RETURN(rules::ChecksSettings settings, ChecksSettingsFrom(config.checks));
  storage::StoreOptions so;
  so.path = config.database;
  so.read_only = options.read_only;
  auto stores = std::make_unique<Stores>();
  NAGAME_ASSIGN_OR_RETURN(stores->events, storage::EventStore::Open(so));
  NAGAME_ASSIGN_OR_RETURN(stores->history, storage::HistorySummary::Open(so));
  NAGAME_ASSIGN_OR_RETURN(stores->records, storage::ReviewStore::Open(so));
  NAGAME_ASSIGN_OR_RETURN(stores->snapshots, storage::SnapshotStore::Open(so));
  return std::unique_ptr<ReviewService>(new ReviewService(std::move(config), std::move(options),
                                                          std::move(zone), std::move(settings),
                                                          std::move(stores)));
}

Time ReviewService::Now() const { return options_.clock ? options_.clock() : SystemNow(); }

Result<rules::Window> ReviewService::ParseWindow(std::string_view from, std::string_view to) const {
  return ParseWindowBounds(from, to, Now(), zone_);
}

Result<rules::Window> ReviewService::ParseWindowSpec(std::string_view spec) const {
  return bot::ParseWindowSpec(spec, Now(), zone_);
}

void ReviewService::LoadDefinitions(const UpstreamSnapshot* upstream, Time now,
                                    rules::CheckInput* in) {
  RuleFileRead files = ReadRuleFiles(config_.rule_files);
  std::vector<Status> failures;
  bool any = false;
  std::set<std::pair<std::string, std::string>> keys;
  if (files.status.ok()) {
    any = true;
    for (rules::DefinedRule& r : files.rules) {
      keys.emplace(r.source, r.definition.name);
      in->rules.push_back(std::move(r));
    }
  } else if (!config_.rule_files.empty()) {
    failures.push_back(files.status);
  }
  if (upstream && upstream->rules_availability.ok()) {
    any = true;
    for (const rules::DefinedRule& r : upstream->rules) {
      if (!keys.count({r.source, r.definition.name})) in->rules.push_back(r);
    }
  } else if (upstream && !config_.prometheus.url.empty()) {
    failures.push_back(upstream->rules_availability.status);
  }
  // Grafana, New Relic and Azure hold rules no other origin has: one that cannot be read
  // leaves the list incomplete, so the checks that need it are unable to run, with the causes.
  std::string incomplete;
  if (upstream) {
    for (const RuleSourceRead& read : upstream->rule_sources) {
      if (!read.status.ok()) {
        incomplete += (incomplete.empty() ? "" : "; ") + read.status.message();
        continue;
      }
      any = true;
      for (const rules::DefinedRule& r : read.rules) {
        if (keys.emplace(r.source, r.definition.name).second) in->rules.push_back(r);
      }
    }
  }
  // "Defined since": the earliest first sighting of a definition still present; one that no
  // snapshot has yet (the scheduler has not seen it) is defined since now.
  std::map<std::pair<std::string, std::string>, Time> since;
  if (auto snaps = stores_->snapshots->Rules(); snaps.ok()) {
    for (const storage::RuleSnapshot& s : *snaps) {
      if (s.deleted_at) continue;
      auto [it, inserted] =
          since.emplace(std::make_pair(s.source, s.definition.name), s.first_seen_at);
      if (!inserted) it->second = std::min(it->second, s.first_seen_at);
    }
  }
  for (rules::DefinedRule& r : in->rules) {
    auto it = since.find({r.source, r.definition.name});
    r.defined_since = it == since.end() ? now : it->second;
  }
  if (!incomplete.empty()) {
    in->rules_availability.status = Unavailable(incomplete);
  } else if (any) {
    in->rules_availability.status = Status::Ok();
  } else if (!failures.empty()) {
    in->rules_availability.status = Unavailable(failures.front().message());
  } else {
    in->rules_availability.status =
        Unavailable("no rule_files, prometheus, grafana, newrelic or azure configured");
  }
}

Status ReviewService::TakeSnapshots() {
  const Time now = Now();
  std::optional<UpstreamSnapshot> upstream;
  if (options_.upstream) {
    NAGAME_ASSIGN_OR_RETURN(rules::Window window, ParseWindowSpec(""));
    upstream = options_.upstream(window, now);
  }
  RuleFileRead files = ReadRuleFiles(config_.rule_files);
  std::lock_guard lock(mu_);
  if (files.status.ok()) {
    NAGAME_RETURN_IF_ERROR(stores_->snapshots->RecordRules(kRuleFilesOrigin, files.rules, now));
  }
  if (upstream && upstream->rules_availability.ok()) {
    NAGAME_RETURN_IF_ERROR(
        stores_->snapshots->RecordRules(kPrometheusOrigin, upstream->rules, now));
  }
  if (upstream) {
    for (const RuleSourceRead& read : upstream->rule_sources) {
      if (read.status.ok()) {
        NAGAME_RETURN_IF_ERROR(stores_->snapshots->RecordRules(read.origin, read.rules, now));
      }
    }
  }
  if (upstream && upstream->silences_availability.ok()) {
    NAGAME_RETURN_IF_ERROR(stores_->snapshots->RecordSilences(upstream->silences, now));
  }
  return Status::Ok();
}

Result<rules::CheckInput> ReviewService::BuildInput(const rules::Window& window,
                                                    const std::string* rule) {
  rules::CheckInput in;
  in.window = window;
  in.now = Now();
  in.zone = zone_.Clock();
  in.history_from = window.from - 3 * window.length();
  for (const auto& [name, source] : config_.sources) in.configured_sources.insert(name);

  std::optional<UpstreamSnapshot> upstream;
  if (options_.upstream) upstream = options_.upstream(window, in.now);

  std::lock_guard lock(mu_);
  storage::EpisodeQuery q;
  q.from = in.history_from;
  q.to = window.to;
  q.limit = std::numeric_limits<size_t>::max();
  if (rule) q.rule = *rule;
  NAGAME_ASSIGN_OR_RETURN(in.episodes, stores_->events->FindEpisodes(q));
  NAGAME_ASSIGN_OR_RETURN(in.last_episode_start, stores_->history->LastEpisodeStarts());
  NAGAME_ASSIGN_OR_RETURN(in.last_delivery_by_source, stores_->history->LastDeliveryBySource());

  const storage::RecordQuery records{in.history_from, window.to, std::nullopt};
  NAGAME_ASSIGN_OR_RETURN(in.acks, stores_->records->Acks(records));
  NAGAME_ASSIGN_OR_RETURN(in.feedback, stores_->records->FeedbackIn(records));
  NAGAME_ASSIGN_OR_RETURN(in.incidents, stores_->records->Incidents(records));
  NAGAME_ASSIGN_OR_RETURN(in.decisions,
                          stores_->records->Decisions({Time::min(), window.to, std::nullopt}));

  LoadDefinitions(upstream ? &*upstream : nullptr, in.now, &in);
  if (upstream) {
    in.silences = std::move(upstream->silences);
    in.silences_availability = std::move(upstream->silences_availability);
    in.prometheus_metrics = std::move(upstream->prometheus_metrics);
    in.prometheus_availability = std::move(upstream->prometheus_availability);
    in.watch = std::move(upstream->watch);
    in.catalog = std::move(upstream->catalog);
  }
  return in;
}

Result<ReviewService::RuleInputs> ReviewService::BuildRuleInputs(const rules::Window& window,
                                                                 const std::string& rule) {
  RuleInputs out;
  NAGAME_ASSIGN_OR_RETURN(out.own, BuildInput(window, &rule));
  storage::EpisodeQuery week;
  week.from = window.from;
  week.to = window.to;
  week.limit = std::numeric_limits<size_t>::max();
  week.started_within = true;
  std::vector<rules::Episode> started;
  {
    std::lock_guard lock(mu_);
    NAGAME_ASSIGN_OR_RETURN(started, stores_->events->FindEpisodes(week));
  }
  out.compared = out.own;
  // Both newest first: merged in that order, the rule's own new episodes (in both) once.
  std::vector<rules::Episode> episodes;
  episodes.reserve(out.own.episodes.size() + started.size());
  std::merge(out.own.episodes.begin(), out.own.episodes.end(),
             std::make_move_iterator(started.begin()), std::make_move_iterator(started.end()),
             std::back_inserter(episodes), &storage::EventStore::NewestFirst);
  episodes.erase(
      std::unique(episodes.begin(), episodes.end(),
                  [](const rules::Episode& a, const rules::Episode& b) { return a.id == b.id; }),
      episodes.end());
  out.compared.episodes = std::move(episodes);
  return out;
}

rules::CheckReport ReviewService::RunRuleChecks(const RuleInputs& in) const {
  return rules::MergeReports(
      rules::RunChecks(in.own, rules::ChecksComparingRules(settings_, false)),
      rules::RunChecks(in.compared, rules::ChecksComparingRules(settings_, true)));
}

Result<rules::Inventory> ReviewService::Inventory(const rules::Window& window) {
  NAGAME_ASSIGN_OR_RETURN(WindowReview review, Review(window));
  return std::move(review.inventory);
}

Result<WindowReview> ReviewService::Review(const rules::Window& window) {
  NAGAME_ASSIGN_OR_RETURN(rules::CheckInput in, BuildInput(window));
  WindowReview out;
  out.report = rules::RunChecks(in, settings_);
  out.inventory = rules::BuildInventory(in, &out.report);
  return out;
}

Result<MeetingAgenda> ReviewService::Agenda(const rules::Window& window) {
  NAGAME_ASSIGN_OR_RETURN(rules::CheckInput in, BuildInput(window));
  const rules::CheckReport report = rules::RunChecks(in, settings_);
  MeetingAgenda out;
  out.items = rules::BuildAgenda(in, rules::BuildInventory(in, &report), report);
  out.first_day = in.zone.ToLocal(in.history_from).day_number;
  out.window = in.window;
  out.zone = in.zone;
  out.watch = std::move(in.watch);
  for (const rules::Problem& p : report.problems) {
    if (p.evidence.contains("watch")) out.watch_findings.push_back(p);
  }
  return out;
}

Result<rules::CheckReport> ReviewService::Suggestions(const rules::Window& window,
                                                      std::optional<rules::Category> category) {
  NAGAME_ASSIGN_OR_RETURN(rules::CheckInput in, BuildInput(window));
  if (!category) return rules::RunChecks(in, settings_);
  // Only the category's checks run: a finding's category is its check's (rules/check_runner).
  rules::ChecksSettings settings = settings_;
  for (const rules::Check* c : rules::AllChecks()) {
    if (c->category() != *category) settings.disabled.emplace(c->id());
  }
  return rules::RunChecks(in, settings);
}

Result<RuleDetail> ReviewService::Rule(std::string_view name_view, const rules::Window& window) {
  const std::string name(name_view);
  {
    std::lock_guard lock(mu_);
    NAGAME_RETURN_IF_ERROR(RequireKnownRule(name));
  }
  NAGAME_ASSIGN_OR_RETURN(RuleInputs inputs, BuildRuleInputs(window, name));
  const rules::CheckReport report = RunRuleChecks(inputs);
  const rules::CheckInput& in = inputs.own;
  rules::Inventory inventory = rules::BuildInventory(in, &report);

  RuleDetail d;
  d.name = name;
  d.window = window;
  for (rules::InventoryRow& r : inventory.rows) {
    if (r.rule == name) d.rows.push_back(std::move(r));
  }
  for (const rules::DefinedRule& r : in.rules) {
    if (r.definition.name == name) d.definitions.push_back(r);
  }
  for (const rules::Problem& p : report.problems) {
    if (p.rule == name) d.problems.push_back(p);
  }
  for (const rules::Episode& e : in.episodes) {  // newest first, as the store returns them
    if (d.recent_episodes.size() >= kRecentEpisodes) break;
    if (e.rule == name && e.starts_at < window.to && e.Span(in.now).end >= window.from) {
      d.recent_episodes.push_back(e);
    }
  }
  for (const rules::Ack& a : in.acks) {
    if (a.rule == name && window.Contains(a.at)) d.acks.push_back(a);
  }
  std::lock_guard lock(mu_);
  NAGAME_ASSIGN_OR_RETURN(d.decisions,
                          stores_->records->Decisions({Time::min(), Time::max(), name}));
  NAGAME_ASSIGN_OR_RETURN(d.snapshots, stores_->snapshots->Rules(name));
  return d;
}

Result<rules::RulePageFacts> ReviewService::RulePage(std::string_view name,
                                                     const rules::Window& window) {
  {
    std::lock_guard lock(mu_);
    NAGAME_RETURN_IF_ERROR(RequireKnownRule(std::string(name)));
  }
  NAGAME_ASSIGN_OR_RETURN(RuleInputs in, BuildRuleInputs(window, std::string(name)));
  const rules::CheckReport report = RunRuleChecks(in);
  return rules::BuildRulePage(in.compared, rules::BuildInventory(in.own, &report), report, name);
}

Result<std::vector<KnownRule>> ReviewService::KnownRules() {
  std::map<std::string, KnownRule> known;
  auto add = [&known](const std::string& source, const std::string& rule, bool defined) {
    KnownRule& k = known[rule];
    k.name = rule;
    if (std::find(k.sources.begin(), k.sources.end(), source) == k.sources.end())
      k.sources.push_back(source);
    k.defined |= defined;
  };
  RuleFileRead files = ReadRuleFiles(config_.rule_files);
  for (const rules::DefinedRule& r : files.rules) add(r.source, r.definition.name, true);
  std::lock_guard lock(mu_);
  NAGAME_ASSIGN_OR_RETURN(auto snapshots, stores_->snapshots->Rules());
  for (const storage::RuleSnapshot& s : snapshots) {
    add(s.source, s.definition.name, !s.deleted_at && s.origin != kRuleFilesOrigin);
  }
  NAGAME_ASSIGN_OR_RETURN(auto seen, stores_->history->SeenRules());
  for (const auto& [source, rule] : seen) add(source, rule, false);
  std::vector<KnownRule> out;
  for (auto& [name, k] : known) {
    std::sort(k.sources.begin(), k.sources.end());
    out.push_back(std::move(k));
  }
  return out;
}

Result<std::vector<std::string>> ReviewService::RuleNames() {
  NAGAME_ASSIGN_OR_RETURN(auto known, KnownRules());
  std::vector<std::string> names;
  names.reserve(known.size());
  for (KnownRule& k : known) names.push_back(std::move(k.name));
  return names;
}

Status ReviewService::RequireKnownRule(const std::string& rule) {
  NAGAME_ASSIGN_OR_RETURN(auto snapshots, stores_->snapshots->Rules(rule));
  if (!snapshots.empty()) return Status::Ok();
  NAGAME_ASSIGN_OR_RETURN(bool seen, stores_->history->RuleSeen(rule));
  if (seen) return Status::Ok();
  for (const rules::DefinedRule& r : ReadRuleFiles(config_.rule_files).rules) {
    if (r.definition.name == rule) return Status::Ok();
  }
  return Status(Code::kNotFound, "no rule named \"" + rule + "\" is defined or was seen", "rule");
}

Status ReviewService::CheckEpisode(const std::optional<int64_t>& episode_id,
                                   const std::string& rule, std::string* source) {
  if (!episode_id) return Status::Ok();
  NAGAME_ASSIGN_OR_RETURN(auto owner, stores_->history->EpisodeRule(*episode_id));
  if (!owner) return InvalidArgument("no episode has this id", "episode_id");
  if (!rule.empty() && owner->second != rule) {
    return InvalidArgument("the episode belongs to rule \"" + owner->second + "\"", "episode_id");
  }
  if (source) {
    if (source->empty()) *source = owner->first;
    if (*source != owner->first) {
      return InvalidArgument("the episode belongs to source \"" + owner->first + "\"", "source");
    }
  }
  return Status::Ok();
}

Result<rules::Ack> ReviewService::RecordAck(rules::Ack ack) {
  NAGAME_RETURN_IF_ERROR(CheckName(ack.rule, "rule"));
  NAGAME_RETURN_IF_ERROR(CheckName(ack.user, "user"));
  if (ack.source.size() > kMaxRecordName) return InvalidArgument("too long", "source");
  NAGAME_RETURN_IF_ERROR(CheckText(ack.note, "note"));
  if (ack.at == Time{}) ack.at = Now();
  std::lock_guard lock(mu_);
  NAGAME_RETURN_IF_ERROR(RequireKnownRule(ack.rule));
  NAGAME_RETURN_IF_ERROR(CheckEpisode(ack.episode_id, ack.rule, &ack.source));
  return stores_->records->AddAck(std::move(ack));
}

Result<rules::Feedback> ReviewService::RecordFeedback(rules::Feedback feedback) {
  NAGAME_RETURN_IF_ERROR(CheckName(feedback.rule, "rule"));
  NAGAME_RETURN_IF_ERROR(CheckName(feedback.user, "user"));
  NAGAME_RETURN_IF_ERROR(CheckText(feedback.note, "note"));
  if (feedback.at == Time{}) feedback.at = Now();
  std::lock_guard lock(mu_);
  NAGAME_RETURN_IF_ERROR(RequireKnownRule(feedback.rule));
  return stores_->records->AddFeedback(std::move(feedback));
}

Result<rules::Decision> ReviewService::RecordDecision(rules::Decision decision) {
  NAGAME_RETURN_IF_ERROR(CheckName(decision.rule, "rule"));
  NAGAME_RETURN_IF_ERROR(CheckName(decision.author, "author"));
  NAGAME_RETURN_IF_ERROR(CheckText(decision.note, "note"));
  if (decision.at == Time{}) decision.at = Now();
  std::lock_guard lock(mu_);
  if (decision.action != rules::DecisionAction::kAdd) {
    NAGAME_RETURN_IF_ERROR(RequireKnownRule(decision.rule));
  }
  return stores_->records->AddDecision(std::move(decision));
}

Result<rules::Incident> ReviewService::RecordIncident(rules::Incident incident) {
  NAGAME_RETURN_IF_ERROR(CheckName(incident.service, "service"));
  NAGAME_RETURN_IF_ERROR(CheckName(incident.author, "author"));
  NAGAME_RETURN_IF_ERROR(CheckText(incident.text, "text", /*required=*/true));
  if (incident.started_at == Time{}) incident.started_at = Now();
  std::lock_guard lock(mu_);
  NAGAME_RETURN_IF_ERROR(CheckEpisode(incident.episode_id, "", nullptr));
  return stores_->records->AddIncident(std::move(incident));
}

Result<std::vector<rules::Decision>> ReviewService::Decisions(const rules::Window& window) {
  std::lock_guard lock(mu_);
  return stores_->records->Decisions({window.from, window.to, std::nullopt});
}

}  // namespace nagame::bot

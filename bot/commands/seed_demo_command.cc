// The seed-demo subcommand: the demo's made-up history (bot/demo/demo_history.h), stored the
// way real history is: deliveries through the event store's episode building (as ingest
// does), acks, decisions and the incident through the ReviewService (as the API and chat do).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include "bot/commands/command.h"
#include "bot/config.h"
#include "bot/demo/demo_history.h"
#include "bot/review/review_service.h"
#include "storage/event_store.h"

namespace nagame::bot {
namespace {

struct SeedDemoOptions {
  std::string config = "nagame.yaml";
  std::string rule_file;  // where to write the demo rules; empty: not written
  std::string now;        // RFC 3339; empty: the clock
};

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "nagame: seed-demo: %s\n", message.c_str());
  return code;
}

Status WriteFile(const std::string& path, const std::string& text) {
  std::error_code ec;
  const std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Unavailable("cannot write " + path);
  return Status::Ok();
}

// Stores the deliveries in one transaction (all or nothing).
Status StoreDeliveries(storage::EventStore& events, const std::vector<rules::Delivery>& all) {
  std::vector<const rules::Delivery*> batch;
  batch.reserve(all.size());
  for (const rules::Delivery& d : all) batch.push_back(&d);
  std::vector<Result<storage::DeliveryOutcome>> outcomes;
  NAGAME_RETURN_IF_ERROR(events.RecordBatch(batch, &outcomes));
  for (const auto& o : outcomes) {
    if (!o.ok()) return o.status();
  }
  return Status::Ok();
}

// The acks, decisions and incident, through the review service; acks name their episode.
Status StoreRecords(ReviewService& review, storage::EventStore& events,
                    const demo::DemoHistory& history) {
  std::map<std::pair<std::string, Time>, int64_t> episode_ids;  // (fingerprint, start) → id
  for (const demo::DemoRule& r : history.rules) {
    storage::EpisodeQuery q;
    q.rule = r.name;
    q.limit = std::numeric_limits<size_t>::max();
    NAGAME_ASSIGN_OR_RETURN(auto episodes, events.FindEpisodes(q));
    for (const rules::Episode& e : episodes) episode_ids[{e.fingerprint, e.starts_at}] = e.id;
  }
  for (const demo::DemoAck& a : history.acks) {
    rules::Ack ack = a.ack;
    if (auto it = episode_ids.find({a.fingerprint, a.episode_start}); it != episode_ids.end()) {
      ack.episode_id = it->second;
    }
    NAGAME_RETURN_IF_ERROR(review.RecordAck(std::move(ack)).status());
  }
  for (const rules::Decision& d : history.decisions) {
    NAGAME_RETURN_IF_ERROR(review.RecordDecision(d).status());
  }
  for (const rules::Incident& i : history.incidents) {
    NAGAME_RETURN_IF_ERROR(review.RecordIncident(i).status());
  }
  return Status::Ok();
}

int RunSeedDemo(const SeedDemoOptions& o) {
  auto config = LoadConfig(o.config);
  if (!config.ok()) return Fail(kExitUsage, config.status().message());
  ReviewServiceOptions service_options;
  if (!o.now.empty()) {
    auto now = ParseRfc3339(o.now);
    if (!now.ok() || !now->has_value()) return Fail(kExitUsage, "--now: not an RFC 3339 time");
    service_options.clock = [t = **now] { return t; };
  }
  const std::string database = config->database;
  auto review = ReviewService::Create(std::move(config).value(), std::move(service_options));
  if (!review.ok()) return Fail(kExitFailure, review.status().ToString());
  const demo::DemoHistory history = demo::BuildDemoHistory((*review)->Now());

  if (!o.rule_file.empty()) {
    if (Status st = WriteFile(o.rule_file, history.rule_file); !st.ok()) {
      return Fail(kExitFailure, st.message());
    }
  }
  storage::StoreOptions store;
  store.path = database;
  auto events = storage::EventStore::Open(store);
  if (!events.ok()) return Fail(kExitFailure, events.status().ToString());
  auto counts = (*events)->CountRows();
  if (!counts.ok()) return Fail(kExitFailure, counts.status().ToString());
  if (counts->deliveries > 0) {
    std::printf("seed-demo: %s already has history; nothing seeded\n", database.c_str());
    return kExitOk;
  }
  if (Status st = StoreDeliveries(**events, history.deliveries); !st.ok()) {
    return Fail(kExitFailure, st.ToString());
  }
  if (Status st = StoreRecords(**review, **events, history); !st.ok()) {
    return Fail(kExitFailure, st.ToString());
  }
  counts = (*events)->CountRows();
  std::printf(
      "seed-demo: DEMO history in %s: %zu deliveries, %lld episodes of %zu demo rules, %zu acks, "
      "%zu decisions, %zu incident\n",
      database.c_str(), history.deliveries.size(),
      static_cast<long long>(counts.ok() ? counts->episodes : 0), history.rules.size(),
      history.acks.size(), history.decisions.size(), history.incidents.size());
  auto known = (*review)->KnownRules();
  if (known.ok()) {
    size_t defined = 0;
    for (const KnownRule& k : *known) {
      for (const demo::DemoRule& r : history.rules) defined += k.defined && k.name == r.name;
    }
    if (defined < history.rules.size()) {
      std::printf(
          "seed-demo: the config's rule_files do not define the demo rules (give --rule-file a "
          "path they match); the review shows them as seen in alerts only\n");
    }
  }
  return kExitOk;
}

}  // namespace

Command AddSeedDemoCommand(CLI::App& cli) {
  auto options = std::make_shared<SeedDemoOptions>();
  CLI::App* app = cli.add_subcommand(
      "seed-demo", "Store the demo's made-up history in an empty database (once; never twice)");
  app->add_option("--config,-c", options->config, "Configuration file (YAML)");
  app->add_option("--rule-file", options->rule_file,
                  "Write the demo rules here (a path the config's rule_files match)");
  app->add_option("--now", options->now, "Seed the history up to this RFC 3339 time");
  return {app, [options] { return RunSeedDemo(*options); }};
}

}  // namespace nagame::bot

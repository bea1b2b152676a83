// The summary subcommand.
#include <cstdio>
#include <memory>

#include "bot/chat/destination.h"
#include "bot/chat/summary.h"
#include "bot/commands/command.h"
#include "bot/config.h"
#include "bot/review/live_upstream.h"
#include "bot/review/review_service.h"
#include "bot/scheduler/summary_job.h"

namespace nagame::bot {
namespace {

struct SummaryCliOptions {
  std::string config = "nagame.yaml";
  bool dry_run = false;
  bool post = false;
};

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "nagame: %s\n", message.c_str());
  return code;
}

int RunSummary(const SummaryCliOptions& o) {
  if (o.dry_run == o.post) return Fail(kExitUsage, "give exactly one of --dry-run and --post");
  auto config = LoadConfig(o.config);
  if (!config.ok()) return Fail(kExitUsage, config.status().message());
  auto review = ReviewService::Create(*config, {.upstream = LiveUpstreamReader(*config)});
  if (!review.ok()) return Fail(kExitFailure, review.status().ToString());
  const Time now = (*review)->Now();
  if (o.dry_run) {
    chat::SummaryOptions options;
    options.public_url = config->public_url;
    auto summary =
        chat::BuildWeeklySummary(**review, chat::SummaryWeek(now, (*review)->zone()), options);
    if (!summary.ok()) return Fail(kExitFailure, summary.status().ToString());
    std::fputs(chat::PlainText(*summary).c_str(), stdout);
    return kExitOk;
  }
  storage::StoreOptions store;
  store.path = config->database;
  auto outbox = storage::OutboxStore::Open(store);
  if (!outbox.ok()) return Fail(kExitFailure, outbox.status().ToString());
  net::HttpClient client(net::HttpClientOptions{.ca_file = config->tls.ca_file});
  SummaryJob job(review->get(), std::move(outbox).value(), &client, SummaryJobOptionsFrom(*config));
  auto queued = job.Enqueue("manual:" + FormatRfc3339(now), now);
  if (!queued.ok()) return Fail(kExitFailure, queued.status().message());
  auto sent = job.SendDue();
  if (!sent.ok()) return Fail(kExitFailure, sent.status().ToString());
  const size_t wanted = chat::SummaryDestinations(*config).size();
  std::printf("summary: delivered to %d of %zu destinations (%s)\n", *sent, wanted,
              queued->c_str());
  if (static_cast<size_t>(*sent) < wanted) {
    std::printf("the rest stays in the outbox; `nagame serve` retries it\n");
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

Command AddSummaryCommand(CLI::App& cli) {
  auto options = std::make_shared<SummaryCliOptions>();
  CLI::App* app = cli.add_subcommand("summary", "The weekly summary: print it or post it now");
  app->add_option("--config,-c", options->config, "Configuration file (YAML)");
  app->add_flag("--dry-run", options->dry_run, "Print the summary as text; post nothing");
  app->add_flag("--post", options->post, "Post the summary to summary.post_to now");
  return {app, [options] { return RunSummary(*options); }};
}

}  // namespace nagame::bot

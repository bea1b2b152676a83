// The service's wiring: what runs, in which order it starts and stops.
#include "bot/app.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "bot/api/api_auth.h"
#include "bot/api/episodes_handler.h"
#include "bot/api/ops_handlers.h"
#include "bot/api/read_store.h"
#include "bot/api/report_handler.h"
#include "bot/api/review_handlers.h"
#include "bot/api/webhook_handler.h"
#include "bot/chat/chat_service.h"
#include "bot/http/router.h"
#include "bot/http/server.h"
#include "bot/ingest/ingest_queue.h"
#include "bot/ingest/wal_checkpointer.h"
#include "bot/log.h"
#include "bot/metrics/metrics.h"
#include "bot/review/live_upstream.h"
#include "bot/scheduler/summary_job.h"
#include "rules/clock.h"

namespace nagame::bot {
namespace {

namespace beast_http = boost::beast::http;

// The writer leaves checkpoints to the WalCheckpointer; past this many WAL pages (64 MiB at
// 4 KiB pages) a commit checkpoints by itself, in case the checkpointer falls behind.
constexpr int kWriterAutocheckpointPages = 16384;
// The ingest writer's page cache (see StoreOptions::cache_kib): 64 MiB.
constexpr int kWriterCacheKib = 65536;
constexpr Duration kCheckpointEvery = std::chrono::milliseconds(500);

}  // namespace

int App::Serve() {
  LogInfo("starting",
          {{"config", nlohmann::json::parse(RedactedSummary(config_), nullptr, false)}});
  storage::StoreOptions store_options;
  store_options.path = config_.database;
  storage::StoreOptions writer_options = store_options;
  writer_options.wal_autocheckpoint_pages = kWriterAutocheckpointPages;
  writer_options.cache_kib = kWriterCacheKib;
  auto ingest_stores = IngestStores::Open(writer_options);
  auto reader = storage::EventStore::Open(store_options);
  auto checkpoint_store = storage::EventStore::Open(store_options);
  storage::StoreOptions journal_options = store_options;
  journal_options.path = storage::JournalPathFor(config_.database);
  auto checkpoint_journal = storage::IngestJournal::Open(journal_options);
  auto ready_journal = storage::IngestJournal::Open(journal_options);
  for (const Status& opened : {ingest_stores.status(), reader.status(), checkpoint_store.status(),
                               checkpoint_journal.status(), ready_journal.status()}) {
    if (!opened.ok()) {
      LogError("storage_open_failed", {{"path", config_.database}, {"error", opened.ToString()}});
      return 1;
    }
  }
  ReadStore read_store(std::move(reader).value());
  // /readyz probes the journal on a connection of its own, one probe at a time.
  std::function<Status()> journal_writable =
      [journal = std::shared_ptr<storage::IngestJournal>(std::move(ready_journal).value()),
       mu = std::make_shared<std::mutex>()] {
        std::lock_guard lock(*mu);
        return journal->CheckWritable();
      };

  Metrics metrics;
  metrics.AddGauge({"nagame_open_episodes", "Episodes currently firing.", [&read_store] {
                      auto n = read_store.With(
                          [](storage::EventStore& s) { return s.CountOpenEpisodes(); });
                      return n.ok() ? static_cast<double>(*n) : std::nan("");
                    }});

  IngestOptions ingest_options;
  ingest_options.max_batch = config_.ingest.max_batch;
  ingest_options.queue_limit = config_.ingest.queue_limit;
  ingest_options.expire_after = config_.ingest.expire_after;
  ingest_options.apply_budget = config_.ingest.apply_budget;
  auto created = IngestQueue::Create(std::move(ingest_stores).value(), ingest_options, &metrics);
  if (!created.ok()) {
    LogError("storage_open_failed",
             {{"path", config_.database}, {"error", created.status().ToString()}});
    return 1;
  }
  IngestQueue& ingest = **created;
  ingest.Start();
  metrics.AddGauge({"nagame_ingest_journal_backlog",
                    "Acknowledged deliveries whose episodes are not built yet.",
                    [&ingest] { return static_cast<double>(ingest.Backlog()); }});
  std::shared_ptr<storage::EventStore> store_to_checkpoint = std::move(checkpoint_store).value();
  std::shared_ptr<storage::IngestJournal> journal_to_checkpoint =
      std::move(checkpoint_journal).value();
  WalCheckpointer checkpointer(
      {{"event store", [store_to_checkpoint] { return store_to_checkpoint->Checkpoint(); }},
       {"ingest journal", [journal_to_checkpoint] { return journal_to_checkpoint->Checkpoint(); }}},
      kCheckpointEvery, &metrics);
  checkpointer.Start();

  WebhookDeps webhook;
  webhook.sources = config_.sources;
  webhook.ingest = &ingest;
  webhook.metrics = &metrics;

  // The review (inventory, suggestions, records): its own connections; blocking calls run on
  // review_pool, off the I/O threads.
  auto review = ReviewService::Create(config_, {.upstream = LiveUpstreamReader(config_)});
  if (!review.ok()) {
    LogError("review_open_failed", {{"error", review.status().ToString()}});
    ingest.Stop();
    return 1;
  }
  boost::asio::thread_pool review_pool(2);
  const ReviewApiDeps review_api{review->get(), &review_pool};
  // The weekly summary: its job posts on schedule and delivers the outbox (same database file).
  storage::StoreOptions outbox_options;
  outbox_options.path = config_.database;
  auto outbox = storage::OutboxStore::Open(outbox_options);
  if (!outbox.ok()) {
    LogError("chat_open_failed", {{"error", outbox.status().ToString()}});
    ingest.Stop();
    return 1;
  }
  net::HttpClient summary_client(net::HttpClientOptions{.ca_file = config_.tls.ca_file});
  SummaryJob summary_job(review->get(), std::move(outbox).value(), &summary_client,
                         SummaryJobOptionsFrom(config_));
  // Chat: slash commands and buttons; `summary post` queues the summary on the job.
  chat::ChatService chat(config_, review->get(), [&summary_job] {
    const Time now = SystemNow();
    return summary_job.Enqueue("manual:" + FormatRfc3339(now), now);
  });

  const http::Handler webhook_handler = MakeWebhookHandler(std::move(webhook));
  http::Router router;
  // The review API and the report, behind `api` credentials when configured.
  auto api = [this](http::Handler h) { return RequireCredentials(config_.api, std::move(h)); };
  std::vector<http::Route> routes = {
      {beast_http::verb::post, "/webhooks/{source}", webhook_handler},
      {beast_http::verb::put, "/webhooks/{source}", webhook_handler},  // Grafana may PUT
      {beast_http::verb::get, "/api/v1/episodes", api(MakeEpisodesHandler(&read_store, SystemNow))},
      {beast_http::verb::get, "/healthz", MakeHealthzHandler()},
      {beast_http::verb::get, "/readyz", MakeReadyzHandler(&read_store, journal_writable)},
      {beast_http::verb::get, "/metrics", MakeMetricsHandler(&metrics)},
      {beast_http::verb::get, "/api/v1/inventory", api(MakeInventoryHandler(review_api))},
      {beast_http::verb::get, "/api/v1/suggestions", api(MakeSuggestionsHandler(review_api))},
      {beast_http::verb::get, "/api/v1/rules", api(MakeRulesHandler(review_api))},
      {beast_http::verb::get, "/api/v1/rules/{name}", api(MakeRuleHandler(review_api))},
      {beast_http::verb::get, "/api/v1/decisions", api(MakeDecisionsListHandler(review_api))},
      {beast_http::verb::post, "/api/v1/acks", api(MakeAckHandler(review_api))},
      {beast_http::verb::post, "/api/v1/feedback", api(MakeFeedbackHandler(review_api))},
      {beast_http::verb::post, "/api/v1/decisions", api(MakeDecisionHandler(review_api))},
      {beast_http::verb::post, "/api/v1/incidents", api(MakeIncidentHandler(review_api))},
      {beast_http::verb::get, "/report", api(MakeReportHandler(review_api))},
      {beast_http::verb::get, "/report/{week}", api(MakeReportHandler(review_api))},
  };
  // Chat: each registered platform's endpoints.
  for (http::Route& r : chat.Routes()) routes.push_back(std::move(r));
  for (const http::Route& r : routes) {
    if (Status st = router.Add(r.verb, r.pattern, r.handler); !st.ok()) {
      LogError("route_invalid", {{"route", r.pattern}, {"error", st.ToString()}});
      ingest.Stop();
      return 1;
    }
  }

  boost::asio::io_context io;
  http::ServerOptions server_options;
  server_options.address = config_.listen.host;
  server_options.port = config_.listen.port;
  server_options.body_limit = config_.server.body_limit;
  server_options.read_timeout = config_.server.read_timeout;
  server_options.idle_timeout = config_.server.idle_timeout;
  http::Server server(io, server_options, router, [&metrics](const http::RequestObservation& o) {
    metrics.http_requests.Add({o.method, o.route, std::to_string(o.status)});
    metrics.http_duration.Observe(ToSeconds(o.latency));
  });
  if (Status st = server.Listen(); !st.ok()) {
    LogError("listen_failed", {{"listen", config_.listen.ToString()}, {"error", st.ToString()}});
    ingest.Stop();
    return 1;
  }
  if (Status st = summary_job.Start(); !st.ok()) {
    LogError("chat_start_failed", {{"error", st.ToString()}});
    ingest.Stop();
    return 1;
  }
  server.Start();
  LogInfo("listening", {{"address", config_.listen.host}, {"port", server.port()}});
  boost::system::error_code parse_error;
  const auto listen_ip = boost::asio::ip::make_address(config_.listen.host, parse_error);
  if (!config_.api && (parse_error || !listen_ip.is_loopback())) {
    LogWarn("api_open", {{"address", config_.listen.host},
                         {"hint",
                          "set `api` credentials: /api/v1 and /report answer anyone who "
                          "can reach this address"}});
  }

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    LogInfo("stopping", {{"signal", signo}});
    server.Shutdown(config_.server.shutdown_grace, [&] { io.stop(); });
  });

  std::vector<std::thread> threads;
  int extra = std::max(0, config_.server.threads - 1);
  for (int i = 0; i < extra; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : threads) t.join();
  summary_job.Stop();
  ingest.Stop();  // commits whatever is still queued
  LogInfo("stopped");
  return 0;
}

}  // namespace nagame::bot

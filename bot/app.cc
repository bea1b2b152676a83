// The service's wiring: what runs, in which order it starts and stops.
#include "bot/app.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <thread>

#include "bot/api/episodes_handler.h"
#include "bot/api/ops_handlers.h"
#include "bot/api/read_store.h"
#include "bot/api/webhook_handler.h"
#include "bot/http/router.h"
#include "bot/http/server.h"
#include "bot/ingest/ingest_queue.h"
#include "bot/log.h"
#include "bot/metrics/metrics.h"

namespace nagame::bot {
namespace {

namespace beast_http = boost::beast::http;

Time SystemNow() {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

}  // namespace

int App::Serve() {
  LogInfo("starting",
          {{"config", nlohmann::json::parse(RedactedSummary(config_), nullptr, false)}});
  storage::StoreOptions store_options;
  store_options.path = config_.database;
  auto writer = storage::EventStore::Open(store_options);
  if (!writer.ok()) {
    LogError("storage_open_failed",
             {{"path", config_.database}, {"error", writer.status().ToString()}});
    return 1;
  }
  auto reader = storage::EventStore::Open(store_options);
  if (!reader.ok()) {
    LogError("storage_open_failed",
             {{"path", config_.database}, {"error", reader.status().ToString()}});
    return 1;
  }
  ReadStore read_store(std::move(reader).value());

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
  IngestQueue ingest(std::move(writer).value(), ingest_options, &metrics);
  ingest.Start();

  WebhookDeps webhook;
  for (const auto& [name, source] : config_.sources) {
    if (source.hmac_secret) {
      // Only signature-checking sources may rely on an HMAC secret; none of the enabled ones
      // verifies signatures yet, so accepting the setting would leave the endpoint open.
      LogError("config_unsupported",
               {{"key", "sources." + name + ".hmac_secret"},
                {"error", "signature verification is not supported for this source"}});
      ingest.Stop();
      return 1;
    }
    webhook.enabled_sources[name] = source.auth;
  }
  webhook.ingest = &ingest;
  webhook.metrics = &metrics;

  http::Router router;
  const struct {
    beast_http::verb verb;
    const char* pattern;
    http::Handler handler;
  } routes[] = {
      {beast_http::verb::post, "/webhooks/{source}", MakeWebhookHandler(std::move(webhook))},
      {beast_http::verb::get, "/api/v1/episodes", MakeEpisodesHandler(&read_store, SystemNow)},
      {beast_http::verb::get, "/healthz", MakeHealthzHandler()},
      {beast_http::verb::get, "/readyz", MakeReadyzHandler(&read_store)},
      {beast_http::verb::get, "/metrics", MakeMetricsHandler(&metrics)},
  };
  for (const auto& r : routes) {
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
  server.Start();
  LogInfo("listening", {{"address", config_.listen.host}, {"port", server.port()}});

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
  ingest.Stop();  // commits whatever is still queued
  LogInfo("stopped");
  return 0;
}

}  // namespace nagame::bot

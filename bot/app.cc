// The service's wiring: what runs, in which order it starts and stops. Serving is open the
// stores → start ingest → open the review and start the scheduler → run the HTTP server; a
// signal stops them in reverse (bot/serve/).
#include "bot/app.h"

#include <boost/asio/thread_pool.hpp>
#include <cmath>
#include <memory>

#include "bot/api/read_store.h"
#include "bot/chat/chat_service.h"
#include "bot/http/router.h"
#include "bot/log.h"
#include "bot/metrics/metrics.h"
#include "bot/review/live_upstream.h"
#include "bot/review/review_service.h"
#include "bot/serve/http_service.h"
#include "bot/serve/ingest_service.h"
#include "bot/serve/routes.h"
#include "bot/serve/scheduler.h"
#include "bot/serve/stores.h"
#include "rules/clock.h"

namespace nagame::bot {

int App::Serve() {
  LogInfo("starting",
          {{"config", nlohmann::json::parse(RedactedSummary(config_), nullptr, false)}});
  auto stores = OpenServeStores(config_.database);
  if (!stores.ok()) {
    LogError("storage_open_failed",
             {{"path", config_.database}, {"error", stores.status().ToString()}});
    return 1;
  }
  ReadStore read_store(std::move(stores->reader));
  Metrics metrics;
  metrics.AddGauge({"nagame_open_episodes", "Episodes currently firing.", [&read_store] {
                      auto n = read_store.With(
                          [](storage::EventStore& s) { return s.CountOpenEpisodes(); });
                      return n.ok() ? static_cast<double>(*n) : std::nan("");
                    }});

  auto ingest = IngestService::Start(*stores, config_.ingest, &metrics);
  if (!ingest.ok()) {
    LogError("storage_open_failed",
             {{"path", config_.database}, {"error", ingest.status().ToString()}});
    return 1;
  }
  // From here on a failed start stops ingest first: what is queued is committed.
  auto failed = [&ingest](const char* event, nlohmann::json fields) {
    LogError(event, std::move(fields));
    (*ingest)->Stop();
    return 1;
  };

  // The review (inventory, suggestions, records): its own connections; blocking calls run on
  // review_pool, off the I/O threads.
  auto review = ReviewService::Create(config_, {.upstream = LiveUpstreamReader(config_)});
  if (!review.ok()) return failed("review_open_failed", {{"error", review.status().ToString()}});
  boost::asio::thread_pool review_pool(2);
  // The weekly summary job, and chat (slash commands, buttons), whose `summary post` queues
  // the summary on the job.
  auto scheduler = Scheduler::Create(config_, review->get());
  if (!scheduler.ok()) {
    return failed("chat_open_failed", {{"error", scheduler.status().ToString()}});
  }
  chat::ChatService chat(config_, review->get(),
                         [job = scheduler->get()] { return job->PostSummaryNow(); });

  http::Router router;
  const RouteDeps deps{.config = &config_,
                       .read_store = &read_store,
                       .ingest = &(*ingest)->queue(),
                       .metrics = &metrics,
                       .review = {review->get(), &review_pool},
                       .chat = &chat,
                       .journal_writable = stores->journal_writable,
                       .clock = SystemNow};
  for (http::Route& r : ServeRoutes(deps)) {
    if (Status st = router.Add(r.verb, r.pattern, std::move(r.handler)); !st.ok()) {
      return failed("route_invalid", {{"route", r.pattern}, {"error", st.ToString()}});
    }
  }

  HttpService http(config_, router, &metrics);
  if (Status st = http.Listen(); !st.ok()) {
    return failed("listen_failed",
                  {{"listen", config_.listen.ToString()}, {"error", st.ToString()}});
  }
  if (Status st = (*scheduler)->Start(); !st.ok()) {
    return failed("chat_start_failed", {{"error", st.ToString()}});
  }
  http.Run();  // until SIGINT or SIGTERM, then drains
  // Work still running on the pools posts its completion to the server's io_context, which is
  // destroyed with `http`, before them: let it finish while that context exists.
  review_pool.join();
  chat.Drain();
  (*scheduler)->Stop();
  (*ingest)->Stop();  // commits whatever is still queued
  LogInfo("stopped");
  return 0;
}

}  // namespace nagame::bot

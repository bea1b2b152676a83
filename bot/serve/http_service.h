// HttpService: the HTTP side of a running bot — the server on config.listen with
// config.server's limits, every answered request counted in the metrics, run on
// config.server.threads threads until SIGINT or SIGTERM. Listen and Run from one thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <optional>

#include "bot/config.h"
#include "bot/http/router.h"
#include "bot/http/server.h"
#include "bot/metrics/metrics.h"

namespace nagame::bot {

class HttpService {
 public:
  // `config`, `router` and `metrics` must outlive the service.
  HttpService(const Config& config, const http::Router& router, Metrics* metrics);

  // Binds and listens on config.listen. Errors: those of http::Server::Listen.
  Status Listen();

  // Accepts connections and logs "listening" (and "api_open" when /api/v1 and /report have no
  // credentials and the address is not loopback); serves until SIGINT or SIGTERM ("stopping"),
  // then stops accepting, lets in-flight requests finish within config.server.shutdown_grace,
  // and returns once every thread is done. REQUIRES: Listen() returned OK.
  void Run();

 private:
  const Config& config_;
  boost::asio::io_context io_;
  http::Server server_;
  // Set by Run, kept until the service is destroyed: a second signal while the rest of the
  // bot stops (ingest drains) is caught rather than ending the process.
  std::optional<boost::asio::signal_set> signals_;
};

}  // namespace nagame::bot

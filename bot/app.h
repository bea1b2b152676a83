// App: wires a Config into a running service (storage, ingest writer, HTTP routes, signals).
#pragma once

#include "bot/config.h"

namespace nagame::bot {

class App {
 public:
  explicit App(Config config) : config_(std::move(config)) {}

  // Opens the store (applying migrations), listens, and serves until SIGINT or SIGTERM; then
  // stops accepting, lets in-flight requests finish, commits every queued delivery, and
  // returns. Returns the process exit code: 0 after a clean stop, 1 when startup failed.
  int Serve();

 private:
  Config config_;
};

}  // namespace nagame::bot

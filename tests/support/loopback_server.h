// A router served by the real HTTP server (bot/http/server.h) on a free loopback port, on a
// thread of its own, for tests that talk to handlers over real HTTP.
//
// Example:
//   http::Router router;  // routes added before Start
//   auto server = nagame::testing::LoopbackServer::Start(router);
//   ASSERT_TRUE(server.ok()) << server.status().ToString();
//   nagame::testing::HttpClient client((*server)->port());
//
// Contract: `router` outlives the server and does not change once it started. Destroying the
// server shuts it down (1 s grace for requests in flight) and joins its thread; handlers that
// run elsewhere (a thread pool) are the caller's to join afterwards.
#pragma once

#include <cstdint>
#include <memory>

#include "rules/status.h"

namespace nagame::bot::http {
class Router;
}

namespace nagame::testing {

class LoopbackServer {
 public:
  static Result<std::unique_ptr<LoopbackServer>> Start(const bot::http::Router& router);
  ~LoopbackServer();

  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  uint16_t port() const;

 private:
  struct Impl;
  explicit LoopbackServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nagame::testing

// LoopbackServer: an http::Server on 127.0.0.1:0 run by one thread.
#include "tests/support/loopback_server.h"

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <thread>

#include "bot/http/router.h"
#include "bot/http/server.h"

namespace nagame::testing {

struct LoopbackServer::Impl {
  boost::asio::io_context io;
  std::unique_ptr<bot::http::Server> server;
  std::thread thread;
};

LoopbackServer::LoopbackServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<LoopbackServer>> LoopbackServer::Start(const bot::http::Router& router) {
  auto impl = std::make_unique<Impl>();
  bot::http::ServerOptions options;
  options.port = 0;
  impl->server = std::make_unique<bot::http::Server>(impl->io, options, router);
  NAGAME_RETURN_IF_ERROR(impl->server->Listen());
  impl->server->Start();
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->io.run(); });
  return std::unique_ptr<LoopbackServer>(new LoopbackServer(std::move(impl)));
}

LoopbackServer::~LoopbackServer() {
  Impl* impl = impl_.get();
  impl->server->Shutdown(std::chrono::seconds(1), [impl] { impl->io.stop(); });
  if (impl->thread.joinable()) impl->thread.join();
}

uint16_t LoopbackServer::port() const { return impl_->server->port(); }

}  // namespace nagame::testing

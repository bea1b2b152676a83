// Serving HTTP until a signal.
#include "bot/serve/http_service.h"

#include <boost/asio/ip/address.hpp>
#include <thread>
#include <vector>

#include "bot/log.h"

namespace nagame::bot {
namespace {

http::ServerOptions ServerOptionsFrom(const Config& config) {
  http::ServerOptions options;
  options.address = config.listen.host;
  options.port = config.listen.port;
  options.body_limit = config.server.body_limit;
  options.header_timeout = config.server.header_timeout;
  options.read_timeout = config.server.read_timeout;
  options.idle_timeout = config.server.idle_timeout;
  options.max_connections = config.server.max_connections;
  return options;
}

}  // namespace

HttpService::HttpService(const Config& config, const http::Router& router, Metrics* metrics)
    : config_(config),
      server_(io_, ServerOptionsFrom(config), router, [metrics](const http::RequestObservation& o) {
        metrics->http_requests.Add({o.method, o.route, std::to_string(o.status)});
        metrics->http_duration.Observe(ToSeconds(o.latency));
      }) {}

Status HttpService::Listen() { return server_.Listen(); }

void HttpService::Run() {
  server_.Start();
  LogInfo("listening", {{"address", config_.listen.host}, {"port", server_.port()}});
  boost::system::error_code parse_error;
  const auto listen_ip = boost::asio::ip::make_address(config_.listen.host, parse_error);
  if (!config_.api && (parse_error || !listen_ip.is_loopback())) {
    LogWarn("api_open", {{"address", config_.listen.host},
                         {"hint",
                          "set `api` credentials: /api/v1 and /report answer anyone who "
                          "can reach this address"}});
  }

  signals_.emplace(io_, SIGINT, SIGTERM);
  signals_->async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    LogInfo("stopping", {{"signal", signo}});
    server_.Shutdown(config_.server.shutdown_grace, [this] { io_.stop(); });
  });

  std::vector<std::thread> threads;
  const int extra = std::max(0, config_.server.threads - 1);
  for (int i = 0; i < extra; ++i) threads.emplace_back([this] { io_.run(); });
  io_.run();
  for (auto& t : threads) t.join();
}

}  // namespace nagame::bot

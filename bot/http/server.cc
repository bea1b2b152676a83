// The listener, the registry of live sessions, and the graceful drain.
#include "bot/http/server.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "bot/http/session.h"
#include "bot/log.h"

namespace nagame::bot::http {
namespace {

using tcp = asio::ip::tcp;

// After a failed accept (e.g. out of descriptors), wait before trying again instead of spinning.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);

std::string Describe(const tcp::endpoint& endpoint) {
  std::string host = endpoint.address().to_string();
  if (endpoint.address().is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(endpoint.port());
}

std::string Reason(const beast::error_code& ec) {
  namespace errc = boost::system::errc;
  if (ec == errc::address_in_use) return "address in use";
  if (ec == errc::permission_denied) return "permission denied";
  if (ec == errc::address_not_available) return "address not available";
  return ec.message();
}

}  // namespace

class Server::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& io, ServerOptions options, const Router& router, RequestObserver observer)
      : io_(io),
        config_(std::make_shared<SessionConfig>(
            SessionConfig{std::move(options), &router, std::move(observer)})),
        acceptor_(io),
        grace_timer_(io),
        retry_timer_(io) {}

  Status Listen() {
    const ServerOptions& options = config_->options;
    beast::error_code ec;
    asio::ip::address address = asio::ip::make_address(options.address, ec);
    if (ec) return InvalidArgument("not an IP address: \"" + options.address + "\"", "address");
    tcp::endpoint endpoint(address, options.port);

    std::lock_guard lock(mu_);
    acceptor_.open(endpoint.protocol(), ec);
    if (ec)
      return Unavailable("cannot open a socket for " + Describe(endpoint) + ": " + Reason(ec));
    acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      beast::error_code ignored;
      acceptor_.close(ignored);
      return Unavailable("cannot listen on " + Describe(endpoint) + ": " + Reason(ec));
    }
    port_ = acceptor_.local_endpoint(ec).port();
    return Status::Ok();
  }

  uint16_t port() const { return port_.load(); }

  void Start() {
    std::lock_guard lock(mu_);
    DoAccept();
  }

  void Shutdown(Duration grace, std::function<void()> on_drained) {
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(mu_);
      if (drained_) {
        if (on_drained) asio::post(io_, std::move(on_drained));
        return;
      }
      if (on_drained) on_drained_.push_back(std::move(on_drained));
      if (stopping_) return;
      stopping_ = true;
      // Taken while the pending accept still counts as work: from here until the callbacks
      // have run, io.run() cannot return for lack of work.
      drain_work_.emplace(io_.get_executor());
      beast::error_code ignored;
      acceptor_.close(ignored);
      retry_timer_.cancel();
      live = LiveSessions();
      if (sessions_.empty()) {
        PostDrainedLocked();
      } else {
        grace_timer_.expires_after(grace);
        grace_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
          if (!ec) self->OnGraceExpired();
        });
      }
    }
    for (auto& session : live) session->BeginDrain();
  }

  // Stops everything without waiting (Server's destructor).
  void Abort() {
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
      beast::error_code ignored;
      acceptor_.close(ignored);
      retry_timer_.cancel();
      grace_timer_.cancel();
      live = LiveSessions();
      if (!drained_) PostDrainedLocked();
    }
    for (auto& session : live) session->ForceClose();
  }

 private:
  // REQUIRES: mu_ held.
  void DoAccept() {
    if (stopping_ || !acceptor_.is_open()) return;
    acceptor_.async_accept(asio::make_strand(io_),
                           [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                             self->OnAccept(ec, std::move(socket));
                           });
  }

  void OnAccept(beast::error_code ec, tcp::socket socket) {
    std::unique_lock lock(mu_);
    if (stopping_) {
      beast::error_code ignored;
      socket.close(ignored);
      return;
    }
    if (ec == asio::error::operation_aborted) return;
    if (ec) {
      LogWarn("http_accept_failed", {{"error", ec.message()}});
      retry_timer_.expires_after(kAcceptRetryDelay);
      retry_timer_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
        if (wait_ec) return;
        std::lock_guard relock(self->mu_);
        self->DoAccept();
      });
      return;
    }
    if (sessions_.size() >= config_->options.max_connections) {
      // Refused before reading: closing now costs nothing and frees the descriptor at once.
      beast::error_code ignored;
      socket.close(ignored);
      if (!at_limit_) {
        at_limit_ = true;
        LogWarn("http_connection_limit", {{"max_connections", config_->options.max_connections}});
      }
      DoAccept();
      return;
    }
    at_limit_ = false;
    auto session = std::make_shared<Session>(
        std::move(socket), config_,
        [self = shared_from_this()](Session* ended) { self->SessionEnded(ended); });
    sessions_.emplace(session.get(), session);
    DoAccept();
    lock.unlock();
    session->Start();
  }

  void SessionEnded(Session* session) {
    std::lock_guard lock(mu_);
    sessions_.erase(session);
    if (!stopping_ || drained_ || !sessions_.empty()) return;
    grace_timer_.cancel();
    PostDrainedLocked();
  }

  void OnGraceExpired() {
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(mu_);
      if (drained_) return;
      live = LiveSessions();
      PostDrainedLocked();
    }
    LogWarn("http_drain_timeout", {{"open_connections", live.size()}});
    for (auto& session : live) session->ForceClose();
  }

  // Marks the drain complete and hands its callbacks to the io_context together with the
  // drain's work guard, so they run even if nothing else is left to do. REQUIRES: mu_ held.
  void PostDrainedLocked() {
    drained_ = true;
    asio::post(io_, [callbacks = std::exchange(on_drained_, {}),
                     work = std::exchange(drain_work_, std::nullopt)]() mutable {
      for (auto& callback : callbacks) callback();
    });
  }

  // REQUIRES: mu_ held.
  std::vector<std::shared_ptr<Session>> LiveSessions() const {
    std::vector<std::shared_ptr<Session>> live;
    for (const auto& [raw, weak] : sessions_) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
    return live;
  }

  asio::io_context& io_;
  const std::shared_ptr<const SessionConfig> config_;
  std::atomic<uint16_t> port_{0};

  // Asio objects are not thread-safe; every call on acceptor_ and the timers happens under mu_
  // (their completion handlers never run inside those calls).
  std::mutex mu_;
  tcp::acceptor acceptor_;
  asio::steady_timer grace_timer_;
  asio::steady_timer retry_timer_;
  bool stopping_ = false;  // Shutdown or Abort ran: accept nothing more
  bool drained_ = false;   // on_drained_ callbacks were handed to the io_context
  bool at_limit_ = false;  // the last connection was refused by max_connections (log once)
  std::vector<std::function<void()>> on_drained_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> drain_work_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;
};

Server::Server(asio::io_context& io, ServerOptions options, const Router& router,
               RequestObserver observer)
    : impl_(std::make_shared<Impl>(io, std::move(options), router, std::move(observer))) {}

Server::~Server() { impl_->Abort(); }

Status Server::Listen() { return impl_->Listen(); }

uint16_t Server::port() const { return impl_->port(); }

void Server::Start() { impl_->Start(); }

void Server::Shutdown(Duration grace, std::function<void()> on_drained) {
  impl_->Shutdown(grace, std::move(on_drained));
}

}  // namespace nagame::bot::http

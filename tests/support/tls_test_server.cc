// The scripted loopback HTTP(S) server: one io_context on one thread, one coroutine serving
// connections one after another.
#include "tests/support/tls_test_server.h"

#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace nagame::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
// A client that connects and never speaks must not block the server forever.
constexpr auto kReadTimeout = std::chrono::seconds(10);

}  // namespace

std::string RecordedRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (beast::iequals(key, name)) return value;
  }
  return {};
}

struct TlsTestServer::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::unique_ptr<ssl::context> tls;
  size_t body_limit = 0;
  std::thread thread;

  mutable std::mutex mu;
  mutable std::condition_variable changed;
  std::deque<ScriptedResponse> queue;
  ScriptedResponse fallback;
  std::vector<RecordedRequest> requests;

  ScriptedResponse NextResponse() {
    std::lock_guard lock(mu);
    if (queue.empty()) return fallback;
    ScriptedResponse r = std::move(queue.front());
    queue.pop_front();
    return r;
  }

  void Record(RecordedRequest r) {
    {
      std::lock_guard lock(mu);
      requests.push_back(std::move(r));
    }
    changed.notify_all();
  }

  asio::awaitable<void> AcceptLoop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(kTuple);
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      if (ec) continue;
      beast::tcp_stream stream(std::move(socket));
      stream.expires_after(kReadTimeout);
      if (!tls) {
        co_await Serve(stream, "");
        continue;
      }
      beast::ssl_stream<beast::tcp_stream> tls_stream(std::move(stream), *tls);
      auto [hs] = co_await tls_stream.async_handshake(ssl::stream_base::server, kTuple);
      if (hs) continue;  // the client refused the certificate, or went away
      const char* sni = SSL_get_servername(tls_stream.native_handle(), TLSEXT_NAMETYPE_host_name);
      co_await Serve(tls_stream, sni ? sni : "");
    }
  }

  template <typename Stream>
  asio::awaitable<void> Serve(Stream& stream, std::string sni) {
    beast::flat_buffer buffer;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(body_limit);
    auto [ec, n] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
    ScriptedResponse answer;
    if (ec == bhttp::error::body_limit) {
      answer.status = 413;
    } else if (ec) {
      co_return;
    } else {
      bhttp::request<bhttp::string_body> req = parser.release();
      RecordedRequest r{std::string(req.method_string()),
                        std::string(req.target()),
                        {},
                        std::move(req.body()),
                        std::move(sni)};
      for (const auto& field : req) {
        r.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      }
      Record(std::move(r));
      answer = NextResponse();
    }
    if (answer.delay > Duration(0)) {
      asio::steady_timer timer(io, answer.delay);
      co_await timer.async_wait(kTuple);
    }
    bhttp::response<bhttp::string_body> res;
    res.version(11);
    res.result(answer.status);
    for (const auto& [name, value] : answer.headers) res.insert(name, value);
    res.set(bhttp::field::connection, "close");
    res.body() = std::move(answer.body);
    res.prepare_payload();
    beast::get_lowest_layer(stream).expires_after(kReadTimeout);
    co_await bhttp::async_write(stream, res, kTuple);
    beast::error_code ignored;
    beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
  }
};

TlsTestServer::TlsTestServer(Options options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>()) {}

Result<std::unique_ptr<TlsTestServer>> TlsTestServer::Start(Options options) {
  std::unique_ptr<TlsTestServer> server(new TlsTestServer(std::move(options)));
  Impl& impl = *server->impl_;
  impl.body_limit = server->options_.body_limit;
  if (server->options_.tls) {
    if (!server->options_.ca) {
      NAGAME_ASSIGN_OR_RETURN(TestCa ca, TestCa::Create("Nagame Test Server CA"));
      server->options_.ca = std::move(ca);
    }
    NAGAME_ASSIGN_OR_RETURN(TlsIdentity identity,
                            server->options_.ca->Issue(server->options_.names));
    server->ca_file_ = server->dir_ / "ca.pem";
    NAGAME_RETURN_IF_ERROR(server->options_.ca->WriteCertFile(server->ca_file_));
    impl.tls = std::make_unique<ssl::context>(ssl::context::tls_server);
    beast::error_code ec;
    impl.tls->use_certificate_chain(asio::buffer(identity.cert_pem), ec);
    if (!ec) impl.tls->use_private_key(asio::buffer(identity.key_pem), ssl::context::pem, ec);
    if (ec) return Internal("server certificate: " + ec.message());
  }
  beast::error_code ec;
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  impl.acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl.acceptor.bind(endpoint, ec);
  if (!ec) impl.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Unavailable("test server cannot listen: " + ec.message());
  server->port_ = impl.acceptor.local_endpoint().port();
  asio::co_spawn(impl.io, impl.AcceptLoop(), asio::detached);
  impl.thread = std::thread([&impl] { impl.io.run(); });
  return server;
}

TlsTestServer::~TlsTestServer() {
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::string TlsTestServer::url(std::string_view path, std::string_view host) const {
  return std::string(options_.tls ? "https://" : "http://") + std::string(host) + ":" +
         std::to_string(port_) + std::string(path);
}

void TlsTestServer::Enqueue(ScriptedResponse response) {
  std::lock_guard lock(impl_->mu);
  impl_->queue.push_back(std::move(response));
}

void TlsTestServer::SetDefault(ScriptedResponse response) {
  std::lock_guard lock(impl_->mu);
  impl_->fallback = std::move(response);
}

std::vector<RecordedRequest> TlsTestServer::Requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->requests;
}

bool TlsTestServer::WaitForRequests(size_t count, Duration timeout) const {
  std::unique_lock lock(impl_->mu);
  return impl_->changed.wait_for(lock, timeout, [&] { return impl_->requests.size() >= count; });
}

}  // namespace nagame::testing

// The outgoing HTTP client against a loopback HTTP(S) server with a test CA: what it trusts,
// what it refuses, and how each failure is named.
#include "bot/net/http_client.h"

#include <gtest/gtest.h>

#include "tests/support/process.h"
#include "tests/support/tls_test_server.h"

namespace nagame::bot::net {
namespace {

using namespace std::chrono_literals;
using testing::ScriptedResponse;
using testing::TlsTestServer;

std::unique_ptr<TlsTestServer> StartServer(TlsTestServer::Options options = {}) {
  auto server = TlsTestServer::Start(std::move(options));
  EXPECT_TRUE(server.ok()) << server.status().ToString();
  return server.ok() ? std::move(server).value() : nullptr;
}

HttpClient TrustingClient(const TlsTestServer& server, HttpClientOptions options = {}) {
  options.ca_file = server.ca_file().string();
  return HttpClient(std::move(options));
}

void ExpectFailure(const Result<HttpResponse>& res, Code code, const std::string& cause) {
  ASSERT_FALSE(res.ok()) << "status " << res->status;
  EXPECT_EQ(res.status().code(), code) << res.status().ToString();
  EXPECT_EQ(res.status().field(), cause) << res.status().ToString();
  EXPECT_EQ(res.status().message().rfind(cause + ": ", 0), 0u) << res.status().message();
}

TEST(HttpClient, TrustedCaIsAcceptedAndTheRequestArrivesWhole) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  server->Enqueue({.status = 201, .headers = {{"X-Reply", "yes"}}, .body = "created"});
  auto res = TrustingClient(*server).Post(server->url("/hook/s3cret?x=1"), R"({"a":1})",
                                          "application/json", {{"Authorization", "Bearer t"}});
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 201u);
  EXPECT_EQ(res->body, "created");
  EXPECT_EQ(res->Header("x-reply"), "yes");
  ASSERT_EQ(server->Requests().size(), 1u);
  const testing::RecordedRequest req = server->Requests()[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/hook/s3cret?x=1");
  EXPECT_EQ(req.body, R"({"a":1})");
  EXPECT_EQ(req.header("Content-Type"), "application/json");
  EXPECT_EQ(req.header("Authorization"), "Bearer t");
  EXPECT_EQ(req.header("Host"), "localhost:" + std::to_string(server->port()));
  EXPECT_EQ(req.sni, "localhost");
}

TEST(HttpClient, IpAddressInTheCertificateIsAcceptedWithoutSni) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  auto res = TrustingClient(*server).Get(server->url("/", "127.0.0.1"));
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 200u);
  EXPECT_EQ(server->Requests().at(0).sni, "");
}

TEST(HttpClient, WrongHostNameIsRefused) {
  struct Case {
    std::vector<std::string> cert_names;
    const char* url_host;
  };
  const Case cases[] = {
      {{"wrong.example"}, "localhost"},
      {{"localhost"}, "127.0.0.1"},    // the IP is not in the certificate
      {{"*.localhost"}, "localhost"},  // a wildcard does not cover the bare name
      {{"127.0.0.2"}, "127.0.0.1"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.url_host);
    auto server = StartServer({.names = c.cert_names});
    ASSERT_TRUE(server);
    auto res = TrustingClient(*server).Get(server->url("/", c.url_host));
    ExpectFailure(res, Code::kUnavailable, "tls");
    EXPECT_NE(res.status().message().find("mismatch"), std::string::npos) << res.status().message();
    EXPECT_TRUE(server->Requests().empty());
  }
}

TEST(HttpClient, UntrustedCaIsRefused) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  auto other = testing::TestCa::Create("Someone Else");
  ASSERT_TRUE(other.ok());
  testing::TempDir dir;
  ASSERT_TRUE(other->WriteCertFile(dir / "other.pem").ok());
  for (const std::string& ca_file : {(dir / "other.pem").string(), std::string()}) {
    SCOPED_TRACE(ca_file.empty() ? "system CAs" : "another CA");
    auto res = HttpClient({.ca_file = ca_file}).Get(server->url("/"));
    ExpectFailure(res, Code::kUnavailable, "tls");
    EXPECT_NE(res.status().message().find("certificate verify failed"), std::string::npos)
        << res.status().message();
  }
  EXPECT_TRUE(server->Requests().empty());
}

TEST(HttpClient, UnreadableCaFileIsATlsError) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  auto res = HttpClient({.ca_file = "/nonexistent/ca.pem"}).Get(server->url("/"));
  ExpectFailure(res, Code::kUnavailable, "tls");
}

TEST(HttpClient, SlowAnswerTimesOut) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  server->Enqueue({.body = "late", .delay = 3s});
  auto res = TrustingClient(*server, {.total_timeout = 300ms}).Get(server->url("/slow"));
  ExpectFailure(res, Code::kUnavailable, "timeout");
  EXPECT_EQ(server->Requests().size(), 1u);
}

TEST(HttpClient, OversizedBodyIsRefused) {
  auto server = StartServer({.tls = false});
  ASSERT_TRUE(server);
  server->SetDefault({.body = std::string(4096, 'x')});
  auto refused = HttpClient({.max_response_bytes = 4095}).Get(server->url("/big"));
  ExpectFailure(refused, Code::kPayloadTooLarge, "too_large");
  auto fits = HttpClient({.max_response_bytes = 4096}).Get(server->url("/big"));
  ASSERT_TRUE(fits.ok()) << fits.status().ToString();
  EXPECT_EQ(fits->body.size(), 4096u);
}

TEST(HttpClient, ClosedPortIsAConnectError) {
  auto port = testing::PickFreeLoopbackPort();
  ASSERT_TRUE(port.ok());
  auto res = HttpClient().Get("http://127.0.0.1:" + std::to_string(*port) + "/");
  ExpectFailure(res, Code::kUnavailable, "connect");
  EXPECT_NE(res.status().message().find("127.0.0.1:" + std::to_string(*port)), std::string::npos);
}

TEST(HttpClient, ErrorStatusesAreResponsesWithTheirHeaders) {
  auto server = StartServer({.tls = false});
  ASSERT_TRUE(server);
  server->Enqueue({.status = 503, .headers = {{"Retry-After", "7"}}, .body = "busy"});
  auto res = HttpClient().Get(server->url("/"));
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 503u);
  EXPECT_EQ(res->body, "busy");
  EXPECT_EQ(res->RetryAfter(Time{}), std::chrono::seconds(7));
}

TEST(HttpClient, MessagesNeverShowThePathOrQuery) {
  auto server = StartServer();
  ASSERT_TRUE(server);
  auto res = HttpClient().Get(server->url("/services/T000/B000/s3cret-token?key=hush"));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.status().ToString().find("s3cret"), std::string::npos) << res.status().ToString();
  EXPECT_EQ(res.status().ToString().find("hush"), std::string::npos) << res.status().ToString();
  EXPECT_NE(res.status().message().find("https://localhost:"), std::string::npos);
}

TEST(HttpClient, MalformedRequestsAreRefusedBeforeConnecting) {
  struct Case {
    HttpRequest request;
    const char* cause;
  };
  const Case cases[] = {
      {{.url = "ftp://example.com/"}, "url"},
      {{.method = "get", .url = "http://127.0.0.1:1/"}, "request"},
      {{.url = "http://127.0.0.1:1/", .headers = {{"X-Evil", "a\r\nInjected: 1"}}}, "request"},
      {{.url = "http://127.0.0.1:1/", .headers = {{"Bad Name", "v"}}}, "request"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.request.url);
    ExpectFailure(HttpClient().Send(c.request), Code::kInvalidArgument, c.cause);
  }
}

TEST(ParseUrl, Table) {
  struct Case {
    const char* url;
    bool ok;
    bool https;
    const char* host;
    uint16_t port;
    const char* target;
  };
  const Case cases[] = {
      {"http://127.0.0.1:9090", true, false, "127.0.0.1", 9090, "/"},
      {"HTTPS://hooks.slack.com/services/T/B/x", true, true, "hooks.slack.com", 443,
       "/services/T/B/x"},
      {"http://prom/api/v1/query?query=up#frag", true, false, "prom", 80, "/api/v1/query?query=up"},
      {"http://prom?x=1", true, false, "prom", 80, "/?x=1"},
      {"https://[::1]:8443/x", true, true, "::1", 8443, "/x"},
      {"http://[::1]", true, false, "::1", 80, "/"},
      {"ftp://x/", false},
      {"http://", false},
      {"http://:80/", false},
      {"http://user:pw@host/", false},
      {"http://host:0/", false},
      {"http://host:65536/", false},
      {"http://host:/", false},
      {"http://host:8x/", false},
      {"http://[::1/", false},
      {"http://[host]/", false},
      {"http://ho st/", false},
      {"127.0.0.1:9090", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.url);
    auto url = ParseUrl(c.url);
    ASSERT_EQ(url.ok(), c.ok) << url.status().ToString();
    if (!c.ok) {
      EXPECT_EQ(url.status().field(), "url");
      EXPECT_EQ(url.status().message().find(c.url), std::string::npos);
      continue;
    }
    EXPECT_EQ(url->https, c.https);
    EXPECT_EQ(url->host, c.host);
    EXPECT_EQ(url->port, c.port);
    EXPECT_EQ(url->target, c.target);
  }
}

TEST(RetryAfter, SecondsAndDates) {
  const Time now = Time(std::chrono::sys_days(std::chrono::year(2026) / 11 / 28)) + 12h;
  struct Case {
    const char* value;  // nullptr: no header
    std::optional<Duration> want;
  };
  const Case cases[] = {
      {nullptr, std::nullopt},
      {"120", 120s},
      {" 0 ", 0s},
      {"Sat, 28 Nov 2026 12:01:30 GMT", 90s},
      {"Sat, 28 Nov 2026 11:00:00 GMT", 0s},  // in the past
      {"-5", std::nullopt},
      {"1.5", std::nullopt},
      {"soon", std::nullopt},
      {"Sat, 28 Foo 2026 12:01:30 GMT", std::nullopt},
      {"99999999999999999999", std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.value ? c.value : "(none)");
    HttpResponse res;
    if (c.value) res.headers = {{"retry-after", c.value}};
    EXPECT_EQ(res.RetryAfter(now), c.want);
  }
}

}  // namespace
}  // namespace nagame::bot::net

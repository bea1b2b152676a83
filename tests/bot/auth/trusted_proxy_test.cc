// Trusted proxy addresses: exact addresses, networks, IPv4-mapped peers, malformed entries.
#include "bot/auth/trusted_proxy.h"

#include <gtest/gtest.h>

namespace nagame::bot {
namespace {

boost::asio::ip::address Ip(const char* s) { return boost::asio::ip::make_address(s); }

TEST(TrustedProxies, MatchesAddressesAndNetworks) {
  auto proxies = TrustedProxies::Parse({"10.0.0.5", "10.1.0.0/16", "fd00::/8", "::1"});
  ASSERT_TRUE(proxies.ok()) << proxies.status().message();
  const struct {
    const char* peer;
    bool trusted;
  } cases[] = {
      {"10.0.0.5", true},        {"10.0.0.6", false}, {"10.1.200.3", true}, {"10.2.0.1", false},
      {"::ffff:10.0.0.5", true}, {"fd12::1", true},   {"fe80::1", false},   {"::1", true},
      {"127.0.0.1", false},
  };
  for (const auto& c : cases) EXPECT_EQ(proxies->Contains(Ip(c.peer)), c.trusted) << c.peer;
}

TEST(TrustedProxies, NobodyByDefault) {
  EXPECT_FALSE(TrustedProxies().Contains(Ip("127.0.0.1")));
  auto all = TrustedProxies::Parse({"0.0.0.0/0"});
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->Contains(Ip("192.0.2.1")));
  EXPECT_FALSE(all->Contains(Ip("2001:db8::1")));
}

TEST(TrustedProxies, MalformedEntriesAreRefused) {
  for (const char* bad : {"proxy.local", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "::/129", ""}) {
    auto p = TrustedProxies::Parse({bad});
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.status().code(), Code::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace nagame::bot

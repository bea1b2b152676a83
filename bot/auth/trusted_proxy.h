// The reverse proxies whose identity headers (X-Forwarded-User, X-Forwarded-Email) the web
// pages believe: addresses and networks, matched against the connection's peer address.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>
#include <vector>

#include "rules/status.h"

namespace nagame::bot {

// Immutable after Parse; thread-safe.
class TrustedProxies {
 public:
  TrustedProxies() = default;  // trusts nobody

  // "10.0.0.5", "::1", "10.1.0.0/16", "fd00::/8"; an IPv4 address or network also matches its
  // IPv4-mapped IPv6 form. Errors: kInvalidArgument naming the first entry that is neither.
  static Result<TrustedProxies> Parse(const std::vector<std::string>& entries);

  bool Contains(const boost::asio::ip::address& peer) const;
  bool empty() const { return networks_.empty(); }

 private:
  struct Network {
    boost::asio::ip::address base;
    unsigned prefix = 0;  // bits that must match
  };
  std::vector<Network> networks_;
};

}  // namespace nagame::bot

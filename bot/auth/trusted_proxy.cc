// TrustedProxies: parsing and prefix matching.
#include "bot/auth/trusted_proxy.h"

#include <array>
#include <charconv>

namespace nagame::bot {
namespace {

namespace ip = boost::asio::ip;

// The address as 16 bytes: IPv4 as its IPv4-mapped IPv6 form.
std::array<unsigned char, 16> Bytes(const ip::address& a) {
  if (a.is_v6()) return a.to_v6().to_bytes();
  return ip::make_address_v6(ip::v4_mapped, a.to_v4()).to_bytes();
}

}  // namespace

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& entries) {
  TrustedProxies out;
  for (const std::string& entry : entries) {
    const size_t slash = entry.find('/');
    boost::system::error_code ec;
    const ip::address base = ip::make_address(entry.substr(0, slash), ec);
    const unsigned max = !ec && base.is_v4() ? 32 : 128;
    unsigned prefix = max;
    if (slash != std::string::npos) {
      const char* first = entry.data() + slash + 1;
      const char* last = entry.data() + entry.size();
      auto [end, err] = std::from_chars(first, last, prefix);
      if (err != std::errc() || end != last || first == last) prefix = max + 1;
    }
    if (ec || prefix > max) {
      return InvalidArgument("\"" + entry + "\" is not an IP address or network (a.b.c.d/n)");
    }
    out.networks_.push_back({base, base.is_v4() ? prefix + 96 : prefix});
  }
  return out;
}

bool TrustedProxies::Contains(const ip::address& peer) const {
  const auto p = Bytes(peer);
  for (const Network& n : networks_) {
    const auto b = Bytes(n.base);
    unsigned bits = n.prefix;
    bool match = true;
    for (size_t i = 0; i < 16 && bits > 0 && match; ++i, bits = bits >= 8 ? bits - 8 : 0) {
      const unsigned char mask = bits >= 8 ? 0xFF : static_cast<unsigned char>(0xFF << (8 - bits));
      match = (p[i] & mask) == (b[i] & mask);
    }
    if (match) return true;
  }
  return false;
}

}  // namespace nagame::bot

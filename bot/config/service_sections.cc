// Config sections for how the service runs: listen, database, timezone, public_url, server,
// ingest, tls and api.
#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "bot/auth/trusted_proxy.h"
#include "bot/config/sections.h"

namespace nagame::bot::config {
namespace {

namespace fs = std::filesystem;

// Parses "1048576", "512KiB", "1MiB", "1GiB" (optionally "B" or with a space before the unit).
std::optional<std::size_t> ParseByteSize(std::string_view s) {
  size_t digits = 0;
  while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
  if (digits == 0) return std::nullopt;
  uint64_t n = 0;
  if (std::from_chars(s.data(), s.data() + digits, n).ec != std::errc()) return std::nullopt;
  std::string_view unit = s.substr(digits);
  if (!unit.empty() && unit[0] == ' ') unit.remove_prefix(1);
  uint64_t scale = 0;
  if (unit.empty() || unit == "B") scale = 1;
  if (unit == "KiB") scale = uint64_t{1} << 10;
  if (unit == "MiB") scale = uint64_t{1} << 20;
  if (unit == "GiB") scale = uint64_t{1} << 30;
  if (scale == 0 || n > (uint64_t{1} << 40) / scale) return std::nullopt;
  return static_cast<std::size_t>(n * scale);
}

// Reads a size (ParseByteSize) larger than zero into `out`; reports a problem otherwise.
void ReadByteSize(Reader& reader, const Entry& e, std::size_t& out) {
  auto t = reader.Scalar(e.value, e.where, false, "a size");
  if (!t) return;
  auto size = ParseByteSize(t->value);
  if (!size) {
    reader.Add(e.where, "invalid size" + Reader::Shown(*t) +
                            " (expected bytes or KiB/MiB/GiB, e.g. \"1MiB\", up to 1024GiB)");
  } else if (*size == 0) {
    reader.Add(e.where, "must be larger than zero");
  } else {
    out = *size;
  }
}

bool IsHostName(std::string_view s) {
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.back() == '.' || s.front() == '-') {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
}

bool IsIpv4(const std::string& s) {
  in_addr a{};
  return inet_pton(AF_INET, s.c_str(), &a) == 1;
}

bool IsIpv6(const std::string& s) {
  in6_addr a{};
  return inet_pton(AF_INET6, s.c_str(), &a) == 1;
}

// Parses "host:port" / "[v6]:port"; on failure sets `problem`.
std::optional<ListenAddress> ParseListen(std::string_view s, std::string& problem) {
  ListenAddress out;
  std::string_view port_text;
  if (!s.empty() && s[0] == '[') {
    size_t close = s.find(']');
    if (close == std::string_view::npos || close + 1 >= s.size() || s[close + 1] != ':') {
      problem = "expected \"[IPv6]:port\", e.g. \"[::1]:9095\"";
      return std::nullopt;
    }
    out.host = std::string(s.substr(1, close - 1));
    if (!IsIpv6(out.host)) {
      problem = "not an IPv6 address inside the brackets";
      return std::nullopt;
    }
    port_text = s.substr(close + 2);
  } else {
    size_t colon = s.rfind(':');
    if (colon == std::string_view::npos) {
      problem = "expected \"host:port\", e.g. \"127.0.0.1:9095\"";
      return std::nullopt;
    }
    out.host = std::string(s.substr(0, colon));
    port_text = s.substr(colon + 1);
    if (out.host.find(':') != std::string::npos) {
      problem = "an IPv6 address must be in brackets, e.g. \"[::1]:9095\"";
      return std::nullopt;
    }
    if (out.host.empty()) {
      problem = "the host is missing (use 0.0.0.0 or [::] for all interfaces)";
      return std::nullopt;
    }
    bool numeric = std::all_of(out.host.begin(), out.host.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
    });
    if (numeric ? !IsIpv4(out.host) : !IsHostName(out.host)) {
      problem = "not an IPv4 address or host name";
      return std::nullopt;
    }
  }
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    problem = "the port must be a number from 0 to 65535";
    return std::nullopt;
  }
  out.port = static_cast<uint16_t>(port);
  return out;
}

// True if `name` is a time zone file (TZif) under $TZDIR or /usr/share/zoneinfo.
bool TimeZoneExists(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) return false;
  const char* dir = std::getenv("TZDIR");
  fs::path path = fs::path(dir != nullptr && *dir != '\0' ? dir : "/usr/share/zoneinfo") / name;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && std::memcmp(magic, "TZif", 4) == 0;
}

}  // namespace

void LoadListen(Reader& reader, const Entry& e, Loaded& out) {
  auto t = reader.Scalar(e.value, e.where, false);
  if (!t) return;
  std::string problem;
  auto address = ParseListen(t->value, problem);
  if (!address) {
    reader.Add(e.where, "invalid address" + Reader::Shown(*t) + ": " + problem);
    return;
  }
  out.config.listen = *address;
}

void LoadDatabase(Reader& reader, const Entry& e, Loaded& out) {
  if (auto s = reader.String(e)) out.config.database = *s;
}

void LoadPublicUrl(Reader& reader, const Entry& e, Loaded& out) {
  auto t = reader.Scalar(e.value, e.where, false);
  if (t && !t->value.empty()) {
    if (auto url = reader.Url(t, e.where)) out.config.public_url = *url;
  }
}

void LoadTimezone(Reader& reader, const Entry& e, Loaded& out) {
  auto name = reader.NonEmpty(e);
  if (!name) return;
  if (!TimeZoneExists(name->value)) {
    reader.Add(e.where, "unknown time zone" + Reader::Shown(*name) +
                            " (expected an IANA name such as \"Asia/Tokyo\" or \"UTC\")");
    return;
  }
  out.config.timezone = name->value;
}

void LoadServer(Reader& reader, const Entry& e, Loaded& out) {
  static const std::vector<std::string> kKeys = {"body_limit",     "header_timeout", "read_timeout",
                                                 "idle_timeout",   "shutdown_grace", "threads",
                                                 "max_connections"};
  auto entries = reader.Map(e.value, e.where, &kKeys);
  if (!entries) return;
  ServerConfig& server = out.config.server;
  for (const Entry& s : *entries) {
    if (s.key == "body_limit") ReadByteSize(reader, s, server.body_limit);
    if (s.key == "header_timeout") reader.ReadDuration(s, server.header_timeout);
    if (s.key == "read_timeout") reader.ReadDuration(s, server.read_timeout);
    if (s.key == "idle_timeout") reader.ReadDuration(s, server.idle_timeout);
    if (s.key == "shutdown_grace") reader.ReadDuration(s, server.shutdown_grace);
    if (s.key == "threads") reader.ReadInt(s, server.threads, 1, 256);
    if (s.key == "max_connections") reader.ReadInt(s, server.max_connections, 1, 1000000);
  }
}

void LoadIngest(Reader& reader, const Entry& e, Loaded& out) {
  static const std::vector<std::string> kKeys = {"expire_after",  "max_batch",
                                                 "queue_limit",   "apply_budget",
                                                 "journal_limit", "backlog_age_limit"};
  auto entries = reader.Map(e.value, e.where, &kKeys);
  if (!entries) return;
  IngestConfig& ingest = out.config.ingest;
  for (const Entry& s : *entries) {
    if (s.key == "expire_after") reader.ReadDuration(s, ingest.expire_after);
    if (s.key == "max_batch") reader.ReadInt(s, ingest.max_batch, 1, 1000000);
    if (s.key == "queue_limit") reader.ReadInt(s, ingest.queue_limit, 1, 100000000);
    if (s.key == "apply_budget") reader.ReadDuration(s, ingest.apply_budget);
    if (s.key == "journal_limit") ReadByteSize(reader, s, ingest.journal_limit);
    if (s.key == "backlog_age_limit") reader.ReadDuration(s, ingest.backlog_age_limit);
  }
}

void LoadTls(Reader& reader, const Entry& e, Loaded& out) {
  static const std::vector<std::string> kKeys = {"ca_file"};
  auto entries = reader.Map(e.value, e.where, &kKeys);
  if (!entries) return;
  const Entry* ca = Reader::Find(*entries, "ca_file");
  if (ca == nullptr) return;
  auto path = reader.String(*ca);
  if (!path) return;
  fs::path full = reader.ResolvePath(*path);
  std::string problem;
  auto bytes = ReadWholeFile(full, problem);
  if (!bytes) {
    reader.Add(ca->where, "cannot read " + Quoted(full.string()) + ": " + problem);
  } else if (bytes->find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    reader.Add(ca->where, Quoted(full.string()) + " holds no PEM certificate");
  } else {
    out.config.tls.ca_file = full.string();
  }
}

void LoadApi(Reader& reader, const Entry& e, Loaded& out) {
  static const std::vector<std::string> kKeys = {"bearer_token", "bearer_token_file", "basic_auth",
                                                 "auth", "trusted_proxies"};
  auto entries = reader.Map(e.value, e.where, &kKeys);
  if (!entries) return;
  out.config.api = reader.Credentials(*entries, e.where, "the API", "");
  const Entry* proxies = Reader::Find(*entries, "trusted_proxies");
  if (proxies == nullptr) return;
  auto items = reader.List(proxies->value, proxies->where);
  if (!items) return;
  for (const auto& [node, where] : *items) {
    auto t = reader.Scalar(node, where, false);
    if (!t) continue;
    if (auto parsed = TrustedProxies::Parse({t->value}); !parsed.ok()) {
      reader.Add(where, parsed.status().message());
    } else {
      out.config.trusted_proxies.push_back(t->value);
    }
  }
}

}  // namespace nagame::bot::config

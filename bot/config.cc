// Reads, validates and summarises the YAML config; yaml-cpp exceptions stop at this file.
#include "bot/config.h"

#include <arpa/inet.h>
#include <glob.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

namespace nagame::bot {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRedacted = "<redacted>";

// ---------------------------------------------------------------------------------------------
// Small text helpers.

// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// The closest of `known` to `word`, if close enough to be a plausible typo.
std::optional<std::string> Closest(std::string_view word, const std::vector<std::string>& known) {
  std::optional<std::string> best;
  size_t best_distance = 0;
  for (const std::string& k : known) {
    size_t d = EditDistance(word, k);
    if (!best || d < best_distance) {
      best = k;
      best_distance = d;
    }
  }
  if (best && (best_distance <= 2 || best_distance * 3 <= word.size())) return best;
  return std::nullopt;
}

// Keys are echoed in messages only when they look like identifiers: a flow-map slip such as
// `{ bearer_token abc }` makes a key out of a secret.
bool LooksLikeIdentifier(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '/' ||
           c == '.';
  });
}

// A value written literally in the config, quoted for a message (cut at 64 bytes).
std::string Quoted(std::string_view value) {
  std::string out = "\"";
  for (char c : value.substr(0, 64)) {
    if (c == '"' || c == '\\') out += '\\';
    out += (static_cast<unsigned char>(c) < 0x20) ? '?' : c;
  }
  if (value.size() > 64) out += "...";
  return out + "\"";
}

std::string Join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsEnvName(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// Expands ${VAR}, ${VAR:-default} and $${ in `in`. On failure returns nullopt and sets
// `problem` (which names the variable, never a value). Sets `expanded` if a variable was used.
std::optional<std::string> ExpandEnv(std::string_view in, bool& expanded, std::string& problem) {
  std::string out;
  size_t i = 0;
  while (i < in.size()) {
    if (in[i] != '$') {
      out += in[i++];
      continue;
    }
    if (in.substr(i, 3) == "$${") {
      out += "${";
      i += 3;
      continue;
    }
    if (in.substr(i, 2) != "${") {
      out += in[i++];
      continue;
    }
    size_t close = in.find('}', i + 2);
    if (close == std::string_view::npos) {
      problem = "unterminated \"${\" (write \"$${\" for a literal \"${\")";
      return std::nullopt;
    }
    std::string_view inner = in.substr(i + 2, close - i - 2);
    std::string_view name = inner;
    std::optional<std::string_view> fallback;
    if (size_t sep = inner.find(":-"); sep != std::string_view::npos) {
      name = inner.substr(0, sep);
      fallback = inner.substr(sep + 2);
      if (fallback->find("${") != std::string_view::npos) {
        problem = "nested \"${\" in a default is not supported";
        return std::nullopt;
      }
    }
    if (!IsEnvName(name)) {
      problem = "invalid environment variable reference (expected ${NAME} or ${NAME:-default})";
      return std::nullopt;
    }
    const char* env = std::getenv(std::string(name).c_str());
    if (fallback) {
      out += (env != nullptr && *env != '\0') ? std::string_view(env) : *fallback;
    } else if (env == nullptr) {
      problem = "environment variable " + std::string(name) + " is not set";
      return std::nullopt;
    } else {
      out += env;
    }
    expanded = true;
    i = close + 1;
  }
  return out;
}

std::optional<std::string> ReadWholeFile(const fs::path& path, std::string& problem) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem = std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) {
    problem = "read error";
    return std::nullopt;
  }
  return bytes.str();
}

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

bool IsHttpUrl(std::string_view s) {
  std::string_view rest;
  if (s.starts_with("http://")) {
    rest = s.substr(7);
  } else if (s.starts_with("https://")) {
    rest = s.substr(8);
  } else {
    return false;
  }
  if (rest.empty() || rest[0] == '/' || rest[0] == '?' || rest[0] == '#') return false;
  return std::none_of(s.begin(), s.end(), [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) ||
           std::iscntrl(static_cast<unsigned char>(c));
  });
}

// `url` with any "user:password@" replaced by "<redacted>@".
std::string WithoutUserinfo(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t start = scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  size_t at = url.rfind('@', end == std::string::npos ? url.size() : end);
  if (at == std::string::npos || at < start) return url;
  return url.substr(0, start) + kRedacted + url.substr(at);
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

std::optional<WeeklyTime> ParseWeekly(std::string_view s) {
  static constexpr std::array<std::string_view, 7> kDays = {"sun", "mon", "tue", "wed",
                                                            "thu", "fri", "sat"};
  size_t space = s.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  std::string day = Lower(s.substr(0, space));
  std::string_view time = s.substr(space + 1);
  while (!time.empty() && time.front() == ' ') time.remove_prefix(1);
  WeeklyTime out;
  auto it = std::find(kDays.begin(), kDays.end(), day);
  if (it == kDays.end()) return std::nullopt;
  out.weekday = static_cast<int>(it - kDays.begin());
  if (time.size() != 5 || time[2] != ':') return std::nullopt;
  auto two = [](std::string_view t, int& v) {
    return std::isdigit(static_cast<unsigned char>(t[0])) &&
           std::isdigit(static_cast<unsigned char>(t[1])) &&
           (v = (t[0] - '0') * 10 + (t[1] - '0'), true);
  };
  if (!two(time.substr(0, 2), out.hour) || !two(time.substr(3, 2), out.minute) || out.hour > 23 ||
      out.minute > 59) {
    return std::nullopt;
  }
  return out;
}

bool IsCheckId(std::string_view s) {
  size_t slash = s.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == s.size()) return false;
  auto part_ok = [](std::string_view p) {
    return !p.empty() && p.front() != '-' && p.back() != '-' &&
           std::all_of(p.begin(), p.end(), [](char c) {
             return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
           });
  };
  return part_ok(s.substr(0, slash)) && part_ok(s.substr(slash + 1));
}

// ---------------------------------------------------------------------------------------------
// The loader: walks the YAML tree, fills a Config and collects every problem.

// Where a value sits: the position of its key (or list item) and its key path.
struct Where {
  YAML::Mark mark;
  std::string path;
};

struct Problem {
  YAML::Mark mark;
  std::string path;
  std::string text;
};

// One key of a mapping.
struct Entry {
  std::string key;
  YAML::Node value;
  Where where;
};

// A rule_files pattern with its place in the config (for CheckConfigFile).
struct RulePattern {
  std::string pattern;
  Where where;
};

// A scalar after expansion. `showable`: written literally and not secret, so it may be quoted
// in a message.
struct Text {
  std::string value;
  bool showable = false;
};

// A secret that may be given inline (`key`) or from a file (`key_file`).
struct Secret {
  bool present = false;
  std::string value;  // empty after a reported error
};

class Loader {
 public:
  Loader(std::string origin, fs::path base_dir)
      : origin_(std::move(origin)), base_dir_(std::move(base_dir)) {}

  void Load(std::string_view yaml_text) {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(yaml_text));
    } catch (const YAML::Exception& e) {
      AddAt(e.mark, "", "invalid YAML: " + e.msg);
      return;
    }
    try {
      LoadRoot(root);
    } catch (const YAML::Exception& e) {
      // Not expected: the walk checks node types before using them.
      AddAt(e.mark, "", "cannot read this part of the config");
    }
  }

  Config& config() { return config_; }
  const std::vector<Problem>& problems() const { return problems_; }
  const std::vector<RulePattern>& rule_patterns() const { return rule_patterns_; }
  const std::string& origin() const { return origin_; }

  void AddAt(const YAML::Mark& mark, std::string path, std::string text) {
    problems_.push_back({mark, std::move(path), std::move(text)});
  }

 private:
  void Add(const Where& w, std::string text) { AddAt(w.mark, w.path, std::move(text)); }

  // --- Structure -----------------------------------------------------------------------------

  // The entries of a mapping (a null node is an empty mapping). Reports a non-mapping, keys
  // that are not strings, duplicates and, when `known` is given, unknown keys (`noun` names
  // them: "key", "source"). Returns nullopt if `node` is not a mapping.
  std::optional<std::vector<Entry>> Map(const YAML::Node& node, const Where& w,
                                        const std::vector<std::string>* known,
                                        std::string_view noun = "key") {
    std::vector<Entry> out;
    if (node.IsNull()) return out;
    if (!node.IsMap()) {
      Add(w, "must be a mapping (key: value)");
      return std::nullopt;
    }
    std::set<std::string> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const YAML::Node key = it->first;  // a copy: it->first lives in a temporary
      Where kw{key.Mark(), w.path};
      if (!key.IsScalar()) {
        Add(kw, "keys must be strings");
        continue;
      }
      std::string name = key.Scalar();
      bool shown = LooksLikeIdentifier(name);
      kw.path = Join(w.path, shown ? name : "<key>");
      if (!seen.insert(name).second) {
        Add(kw, "duplicate key");
        continue;
      }
      if (known != nullptr && std::find(known->begin(), known->end(), name) == known->end()) {
        std::string text = "unknown " + std::string(noun);
        if (!shown) text += " (not shown: it does not look like a key)";
        auto missing_colon = std::find_if(known->begin(), known->end(), [&](const std::string& k) {
          return name.size() > k.size() && name.starts_with(k) && name[k.size()] == ' ';
        });
        if (missing_colon != known->end()) {
          text += " (is the \":\" after \"" + *missing_colon + "\" missing?)";
        } else if (auto guess = Closest(name, *known)) {
          text += " (did you mean \"" + *guess + "\"?)";
        }
        Add(kw, text);
        continue;
      }
      out.push_back({name, it->second, kw});
    }
    return out;
  }

  static const Entry* Find(const std::vector<Entry>& entries, std::string_view key) {
    for (const Entry& e : entries) {
      if (e.key == key) return &e;
    }
    return nullptr;
  }

  // The items of a sequence (null: none), each with its "path[i]" and position.
  std::optional<std::vector<std::pair<YAML::Node, Where>>> List(const YAML::Node& node,
                                                                const Where& w) {
    std::vector<std::pair<YAML::Node, Where>> out;
    if (node.IsNull()) return out;
    if (!node.IsSequence()) {
      Add(w, "must be a list");
      return std::nullopt;
    }
    size_t i = 0;
    for (const YAML::Node& item : node) {
      out.push_back({item, Where{item.Mark(), w.path + "[" + std::to_string(i++) + "]"}});
    }
    return out;
  }

  // --- Scalars -------------------------------------------------------------------------------

  // A scalar, expanded. `what` names the expected type for the message ("a string").
  std::optional<Text> Scalar(const YAML::Node& node, const Where& w, bool secret,
                             std::string_view what = "a string") {
    if (node.IsNull()) {
      Add(w, "is empty (expected " + std::string(what) + ")");
      return std::nullopt;
    }
    if (!node.IsScalar()) {
      Add(w, "must be " + std::string(what));
      return std::nullopt;
    }
    bool expanded = false;
    std::string problem;
    auto value = ExpandEnv(node.Scalar(), expanded, problem);
    if (!value) {
      Add(w, problem);
      return std::nullopt;
    }
    return Text{std::move(*value), !secret && !expanded};
  }

  // A non-empty, non-secret string.
  std::optional<Text> NonEmpty(const Entry& e) {
    auto t = Scalar(e.value, e.where, false);
    if (t && t->value.empty()) {
      Add(e.where, "must not be empty");
      return std::nullopt;
    }
    return t;
  }
  std::optional<std::string> String(const Entry& e) {
    auto t = NonEmpty(e);
    return t ? std::optional<std::string>(std::move(t->value)) : std::nullopt;
  }

  // `text` quoted, when it may be shown; else empty.
  static std::string Shown(const Text& text, std::string_view prefix = " ") {
    return text.showable ? std::string(prefix) + Quoted(text.value) : std::string();
  }

  // Reads `key` or `key_file` from `entries`. Reports both given, empty values, unreadable
  // files. `present` tells whether either key was there.
  Secret ReadSecret(const std::vector<Entry>& entries, const std::string& key) {
    Secret out;
    const Entry* inline_entry = Find(entries, key);
    const Entry* file_entry = Find(entries, key + "_file");
    out.present = inline_entry != nullptr || file_entry != nullptr;
    if (inline_entry != nullptr && file_entry != nullptr) {
      Add(file_entry->where, "give either " + key + " or " + key + "_file, not both");
      return out;
    }
    if (inline_entry != nullptr) {
      auto t = Scalar(inline_entry->value, inline_entry->where, true);
      if (t && t->value.empty()) Add(inline_entry->where, "must not be empty");
      if (t) out.value = std::move(t->value);
      return out;
    }
    if (file_entry != nullptr) {
      auto path = String(*file_entry);
      if (!path) return out;
      fs::path full = ResolvePath(*path);
      std::string problem;
      auto bytes = ReadWholeFile(full, problem);
      if (!bytes) {
        Add(file_entry->where, "cannot read " + Quoted(full.string()) + ": " + problem);
        return out;
      }
      while (!bytes->empty() && (bytes->back() == '\n' || bytes->back() == '\r')) {
        bytes->pop_back();
      }
      if (bytes->empty()) {
        Add(file_entry->where, "file " + Quoted(full.string()) + " is empty");
        return out;
      }
      out.value = std::move(*bytes);
    }
    return out;
  }

  fs::path ResolvePath(const std::string& path) const {
    fs::path p(path);
    if (p.is_absolute() || base_dir_.empty()) return p;
    return (base_dir_ / p).lexically_normal();
  }

  void ReadDuration(const Entry& e, Duration& out) {
    auto t = Scalar(e.value, e.where, false, "a duration");
    if (!t) return;
    auto d = ParseDuration(t->value);
    if (!d.ok()) {
      Add(e.where, "invalid duration" + Shown(*t) + " (expected e.g. \"30s\", \"5m\", \"12h\")");
      return;
    }
    if (d->count() <= 0) {
      Add(e.where, "must be longer than zero");
      return;
    }
    out = *d;
  }

  template <typename Int>
  void ReadInt(const Entry& e, Int& out, int64_t min, int64_t max) {
    auto t = Scalar(e.value, e.where, false, "a whole number");
    if (!t) return;
    int64_t n = 0;
    const std::string& s = t->value;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
      Add(e.where, "must be a whole number" + Shown(*t, ", not "));
      return;
    }
    if (n < min || n > max) {
      Add(e.where, "must be between " + std::to_string(min) + " and " + std::to_string(max));
      return;
    }
    out = static_cast<Int>(n);
  }

  // An http(s) URL. URLs are never quoted in messages: they may carry credentials.
  std::optional<std::string> Url(const std::optional<Text>& t, const Where& w) {
    if (!t) return std::nullopt;
    if (!IsHttpUrl(t->value)) {
      Add(w, "must be an http:// or https:// URL");
      return std::nullopt;
    }
    return t->value;
  }

  // A secret URL (webhook): `key` or `key_file`, validated, never shown.
  std::string SecretUrl(const std::vector<Entry>& entries, const std::string& key) {
    Secret s = ReadSecret(entries, key);
    if (s.value.empty()) return {};
    if (!IsHttpUrl(s.value)) {
      const Entry* e = Find(entries, key);
      if (e == nullptr) e = Find(entries, key + "_file");
      Add(e->where, "must be an http:// or https:// URL");
      return {};
    }
    return s.value;
  }

  // --- Sections ------------------------------------------------------------------------------

  void LoadRoot(const YAML::Node& root) {
    static const std::vector<std::string> kKeys = {
        "listen",       "database",   "timezone", "public_url", "sources", "prometheus",
        "alertmanager", "rule_files", "chat",     "summary",    "checks",  "watch",
        "server",       "ingest",     "tls",      "api"};
    YAML::Mark start;  // line 1, column 1
    auto entries = Map(root, Where{start, ""}, &kKeys);
    if (!entries) return;
    for (const Entry& e : *entries) {
      if (e.key == "listen") LoadListen(e);
      if (e.key == "database") {
        if (auto s = String(e)) config_.database = *s;
      }
      if (e.key == "timezone") LoadTimezone(e);
      if (e.key == "public_url") {
        auto t = Scalar(e.value, e.where, false);
        if (t && !t->value.empty()) {
          if (auto url = Url(t, e.where)) config_.public_url = *url;
        }
      }
      if (e.key == "sources") LoadSources(e);
      if (e.key == "prometheus") LoadEndpoint(e, config_.prometheus);
      if (e.key == "alertmanager") LoadEndpoint(e, config_.alertmanager);
      if (e.key == "rule_files") LoadRuleFiles(e);
      if (e.key == "chat") LoadChat(e);
      if (e.key == "checks") LoadChecks(e);
      if (e.key == "watch") LoadWatch(e);
      if (e.key == "server") LoadServer(e);
      if (e.key == "ingest") LoadIngest(e);
      if (e.key == "tls") LoadTls(e);
      if (e.key == "api") LoadApi(e);
    }
    // The summary refers to chat platforms, so it is read after `chat`.
    if (const Entry* e = Find(*entries, "summary")) LoadSummary(*e);
  }

  void LoadListen(const Entry& e) {
    auto t = Scalar(e.value, e.where, false);
    if (!t) return;
    std::string problem;
    auto address = ParseListen(t->value, problem);
    if (!address) {
      Add(e.where, "invalid address" + Shown(*t) + ": " + problem);
      return;
    }
    config_.listen = *address;
  }

  void LoadTimezone(const Entry& e) {
    auto name = NonEmpty(e);
    if (!name) return;
    if (!TimeZoneExists(name->value)) {
      Add(e.where, "unknown time zone" + Shown(*name) +
                       " (expected an IANA name such as \"Asia/Tokyo\" or \"UTC\")");
      return;
    }
    config_.timezone = name->value;
  }

  void LoadSources(const Entry& e) {
    auto sources = Map(e.value, e.where, &KnownSourceNames(), "source");
    if (!sources) return;
    for (const Entry& s : *sources) LoadSource(s);
  }

  void LoadSource(const Entry& s) {
    static const std::vector<std::string> kKeys = {"bearer_token", "bearer_token_file",
                                                   "basic_auth",   "auth",
                                                   "hmac_secret",  "hmac_secret_file"};
    auto entries = Map(s.value, s.where, &kKeys);
    if (!entries) return;
    SourceConfig source;
    size_t errors_before = problems_.size();
    Secret hmac = ReadSecret(*entries, "hmac_secret");
    if (hmac.present) source.hmac_secret = hmac.value;
    source.auth = LoadCredentials(*entries, s.where, "this source",
                                  hmac.present ? " (hmac_secret alone is not enough)" : "");
    if (problems_.size() == errors_before) config_.sources[s.key] = std::move(source);
  }

  // Who may call the review API and the report; no block: anyone who can reach the listener.
  void LoadApi(const Entry& e) {
    static const std::vector<std::string> kKeys = {"bearer_token", "bearer_token_file",
                                                   "basic_auth", "auth"};
    auto entries = Map(e.value, e.where, &kKeys);
    if (!entries) return;
    config_.api = LoadCredentials(*entries, e.where, "the API", "");
  }

  // The credentials of a block that takes bearer_token (or _file), basic_auth, or
  // `auth: none`: exactly one of them. `hint` ends the "no credentials" problem.
  AuthConfig LoadCredentials(const std::vector<Entry>& entries, const Where& where,
                             const std::string& subject, const std::string& hint) {
    AuthConfig out;
    Secret bearer = ReadSecret(entries, "bearer_token");
    const Entry* basic = Find(entries, "basic_auth");
    const Entry* auth = Find(entries, "auth");
    if (bearer.present) {
      out.kind = AuthConfig::kBearer;
      out.bearer_token = bearer.value;
    }
    if (basic != nullptr) {
      out.kind = AuthConfig::kBasic;
      LoadBasicAuth(*basic, out);
    }
    if (bearer.present && basic != nullptr) {
      Add(basic->where, "give either bearer_token or basic_auth, not both");
    }
    if (auth != nullptr) {
      auto t = Scalar(auth->value, auth->where, false);
      if (t && t->value != "none") {
        Add(auth->where, "must be \"none\" (credentials are set with bearer_token or basic_auth)");
      } else if (t && (bearer.present || basic != nullptr)) {
        Add(auth->where, "\"none\" contradicts the credentials given for " + subject);
      }
    }
    if (!bearer.present && basic == nullptr && auth == nullptr) {
      Add(where,
          "no credentials: set bearer_token or basic_auth, or \"auth: none\" to accept "
          "unauthenticated requests" +
              hint);
    }
    return out;
  }

  void LoadBasicAuth(const Entry& e, AuthConfig& auth) {
    static const std::vector<std::string> kKeys = {"username", "password", "password_file"};
    auto entries = Map(e.value, e.where, &kKeys);
    if (!entries) return;
    const Entry* user = Find(*entries, "username");
    if (user == nullptr) {
      Add(e.where, "username is required");
    } else if (auto name = String(*user)) {
      auth.username = *name;
    }
    Secret password = ReadSecret(*entries, "password");
    if (!password.present) Add(e.where, "password (or password_file) is required");
    auth.password = password.value;
  }

  void LoadEndpoint(const Entry& e, EndpointConfig& out) {
    static const std::vector<std::string> kKeys = {"url"};
    auto entries = Map(e.value, e.where, &kKeys);
    if (!entries) return;
    const Entry* url = Find(*entries, "url");
    if (url == nullptr) {
      Add(e.where, "url is required");
      return;
    }
    if (auto u = Url(Scalar(url->value, url->where, false), url->where)) {
      while (u->ends_with('/')) u->pop_back();
      out.url = *u;
    }
  }

  void LoadRuleFiles(const Entry& e) {
    auto items = List(e.value, e.where);
    if (!items) return;
    for (const auto& [node, where] : *items) {
      auto t = Scalar(node, where, false);
      if (!t) continue;
      if (t->value.empty()) {
        Add(where, "must not be empty");
        continue;
      }
      std::string pattern = ResolvePath(t->value).string();
      config_.rule_files.push_back(pattern);
      rule_patterns_.push_back({pattern, where});
    }
  }

  void LoadChat(const Entry& e) {
    static const std::vector<std::string> kKeys = {"slack", "mattermost", "teams", "generic"};
    auto entries = Map(e.value, e.where, &kKeys, "chat platform");
    if (!entries) return;
    for (const Entry& p : *entries) {
      if (p.key == "slack") LoadSlack(p);
      if (p.key == "mattermost") LoadMattermost(p);
      if (p.key == "teams") LoadTeams(p);
      if (p.key == "generic") LoadGenericWebhook(p);
    }
  }

  void LoadSlack(const Entry& e) {
    static const std::vector<std::string> kKeys = {
        "signing_secret", "signing_secret_file", "bot_token",       "bot_token_file",
        "channel",        "webhook_url",         "webhook_url_file"};
    auto entries = Map(e.value, e.where, &kKeys);
    if (!entries) return;
    SlackConfig slack;
    slack.signing_secret = ReadSecret(*entries, "signing_secret").value;
    Secret bot_token = ReadSecret(*entries, "bot_token");
    slack.bot_token = bot_token.value;
    if (const Entry* c = Find(*entries, "channel")) {
      if (auto s = String(*c)) slack.channel = *s;
    } else if (bot_token.present) {
      Add(e.where, "channel is required with bot_token");
    }
    slack.webhook_url = SecretUrl(*entries, "webhook_url");
    if (entries->empty()) Add(e.where, "set signing_secret, bot_token or webhook_url");
    config_.chat.slack = std::move(slack);
  }

  void LoadMattermost(const Entry& e) {
    static const std::vector<std::string> kKeys = {"token", "token_file", "webhook_url",
                                                   "webhook_url_file"};
    auto entries = Map(e.value, e.where, &kKeys);
    if (!entries) return;
    MattermostConfig mm;
    mm.token = ReadSecret(*entries, "token").value;
    mm.webhook_url = SecretUrl(*entries, "webhook_url");
    if (entries->empty()) Add(e.where, "set token or webhook_url");
    config_.chat.mattermost = std::move(mm);
  }

  void LoadTeams(const Entry& e) {
    static const std::vector<std::string> kKeys = {"outgoing_secret", "outgoing_secret_file",
                                                   "workflow_url", "workflow_url_file"};
    auto entries = Map(e.value, e.where, &kKeys);
    if (!entries) return;
    TeamsConfig teams;
    teams.outgoing_secret = ReadSecret(*entries, "outgoing_secret").value;
    teams.workflow_url = SecretUrl(*entries, "workflow_url");
    if (entries->empty()) Add(e.where, "set outgoing_secret or workflow_url");
    config_.chat.teams = std::move(teams);
  }

  void LoadGenericWebhook(const Entry& e) {
    static const std::vector<std::string> kKeys = {"webhook_url", "webhook_url_file",
                                                   "bearer_token", "bearer_token_file"};
    auto entries = Map(e.value, e.where, &kKeys);
    if (!entries) return;
    GenericWebhookConfig generic;
    generic.webhook_url = SecretUrl(*entries, "webhook_url");
    generic.bearer_token = ReadSecret(*entries, "bearer_token").value;
    if (Find(*entries, "webhook_url") == nullptr && Find(*entries, "webhook_url_file") == nullptr) {
      Add(e.where, "webhook_url is required");
    }
    config_.chat.generic = std::move(generic);
  }

  void LoadSummary(const Entry& e) {
    static const std::vector<std::string> kKeys = {"schedule", "post_to"};
    auto entries = Map(e.value, e.where, &kKeys);
    if (!entries) return;
    SummaryConfig& summary = config_.summary;
    const Entry* schedule = Find(*entries, "schedule");
    if (schedule != nullptr) {
      if (auto s = NonEmpty(*schedule)) {
        summary.weekly = ParseWeekly(s->value);
        if (summary.weekly) {
          summary.schedule = s->value;
        } else {
          Add(schedule->where,
              "invalid schedule" + Shown(*s) + " (expected \"<day> HH:MM\", e.g. \"MON 09:30\")");
        }
      }
    }
    const Entry* post_to = Find(*entries, "post_to");
    if (post_to != nullptr) {
      auto items = List(post_to->value, post_to->where);
      for (const auto& [node, where] : items.value_or(decltype(items)::value_type{})) {
        auto name = Scalar(node, where, false);
        if (!name) continue;
        static const std::vector<std::string> kPlatforms = {"slack", "mattermost", "teams",
                                                            "generic"};
        bool configured = (name->value == "slack" && config_.chat.slack) ||
                          (name->value == "mattermost" && config_.chat.mattermost) ||
                          (name->value == "teams" && config_.chat.teams) ||
                          (name->value == "generic" && config_.chat.generic);
        if (std::find(kPlatforms.begin(), kPlatforms.end(), name->value) == kPlatforms.end()) {
          std::string text = "unknown chat platform";
          if (name->showable && LooksLikeIdentifier(name->value)) text += " " + Quoted(name->value);
          if (auto guess = Closest(name->value, kPlatforms)) {
            text += " (did you mean \"" + *guess + "\"?)";
          }
          Add(where, text);
        } else if (!configured) {
          Add(where, "chat." + name->value + " is not configured");
        } else if (std::find(summary.post_to.begin(), summary.post_to.end(), name->value) !=
                   summary.post_to.end()) {
          Add(where, "listed twice");
        } else {
          summary.post_to.push_back(name->value);
        }
      }
    }
    if (schedule != nullptr && (post_to == nullptr || summary.post_to.empty()) && summary.weekly) {
      Add(schedule->where, "a schedule needs post_to (where to post the summary)");
    }
  }

  void LoadChecks(const Entry& e) {
    auto entries = Map(e.value, e.where, nullptr);
    if (!entries) return;
    for (const Entry& c : *entries) {
      if (c.key == "disabled") {
        auto items = List(c.value, c.where);
        if (!items) continue;
        for (const auto& [node, where] : *items) {
          auto id = Scalar(node, where, false);
          if (!id) continue;
          if (!IsCheckId(id->value)) {
            Add(where, "not a check id" + Shown(*id) +
                           " (expected \"family/name\", e.g. \"noisy/volume\")");
          } else if (std::find(config_.checks.disabled.begin(), config_.checks.disabled.end(),
                               id->value) != config_.checks.disabled.end()) {
            Add(where, "listed twice");
          } else {
            config_.checks.disabled.push_back(id->value);
          }
        }
        continue;
      }
      if (!IsCheckId(c.key)) {
        Add(c.where,
            "not a check id (expected \"family/name\", e.g. \"noisy/volume\", or "
            "\"disabled\")");
        continue;
      }
      if (!c.value.IsNull() && !c.value.IsMap()) {
        Add(c.where, "must be a mapping of the check's options");
        continue;
      }
      size_t errors_before = problems_.size();
      nlohmann::json options = ToJson(c.value, c.where);
      if (problems_.size() == errors_before) {
        config_.checks.options[c.key] = options.is_null() ? nlohmann::json::object() : options;
      }
    }
  }

  // A YAML subtree as JSON: plain scalars typed (bool, null, integer, number), quoted ones
  // kept as strings.
  nlohmann::json ToJson(const YAML::Node& node, const Where& w) {
    if (node.IsNull()) return nullptr;
    if (node.IsSequence()) {
      nlohmann::json out = nlohmann::json::array();
      auto items = List(node, w);
      for (const auto& [item, where] : *items) out.push_back(ToJson(item, where));
      return out;
    }
    if (node.IsMap()) {
      nlohmann::json out = nlohmann::json::object();
      auto entries = Map(node, w, nullptr);
      for (const Entry& e : entries.value_or(std::vector<Entry>{})) {
        out[e.key] = ToJson(e.value, e.where);
      }
      return out;
    }
    auto t = Scalar(node, w, false);
    if (!t) return nullptr;
    if (node.Tag() != "?") return t->value;  // quoted or explicitly tagged: a string
    const std::string& s = t->value;
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
    int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec == std::errc() && end == s.data() + s.size()) return n;
    double d = 0;
    auto [dend, dec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (dec == std::errc() && dend == s.data() + s.size() && std::isfinite(d)) return d;
    return s;
  }

  void LoadWatch(const Entry& e) {
    auto items = List(e.value, e.where);
    if (!items) return;
    static const std::vector<std::string> kKeys = {"name", "query", "threshold"};
    std::set<std::string> names;
    for (const auto& [node, where] : *items) {
      auto entries = Map(node, where, &kKeys);
      if (!entries) continue;
      WatchQuery q;
      bool ok = true;
      for (const char* required : {"name", "query"}) {
        if (Find(*entries, required) == nullptr) {
          Add(where, std::string(required) + " is required");
          ok = false;
        }
      }
      if (const Entry* n = Find(*entries, "name")) {
        auto s = NonEmpty(*n);
        if (s && !names.insert(s->value).second) {
          Add(n->where, "another watch query has this name" + Shown(*s, ": "));
          s.reset();
        }
        ok = ok && s.has_value();
        if (s) q.name = s->value;
      }
      if (const Entry* qe = Find(*entries, "query")) {
        auto s = String(*qe);
        ok = ok && s.has_value();
        if (s) q.query = *s;
      }
      if (const Entry* t = Find(*entries, "threshold")) {
        auto text = Scalar(t->value, t->where, false, "a number");
        double v = 0;
        if (text) {
          const std::string& s = text->value;
          auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
          if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) {
            Add(t->where, "must be a number" + Shown(*text, ", not "));
            text.reset();
          }
        }
        ok = ok && text.has_value();
        q.threshold = v;
      }
      if (ok) config_.watch.push_back(std::move(q));
    }
  }

  void LoadServer(const Entry& e) {
    static const std::vector<std::string> kKeys = {"body_limit", "read_timeout", "idle_timeout",
                                                   "shutdown_grace", "threads"};
    auto entries = Map(e.value, e.where, &kKeys);
    if (!entries) return;
    ServerConfig& server = config_.server;
    for (const Entry& s : *entries) {
      if (s.key == "body_limit") {
        auto t = Scalar(s.value, s.where, false, "a size");
        if (!t) continue;
        auto size = ParseByteSize(t->value);
        if (!size) {
          Add(s.where, "invalid size" + Shown(*t) +
                           " (expected bytes or KiB/MiB/GiB, e.g. \"1MiB\", up to 1024GiB)");
        } else if (*size == 0) {
          Add(s.where, "must be larger than zero");
        } else {
          server.body_limit = *size;
        }
      }
      if (s.key == "read_timeout") ReadDuration(s, server.read_timeout);
      if (s.key == "idle_timeout") ReadDuration(s, server.idle_timeout);
      if (s.key == "shutdown_grace") ReadDuration(s, server.shutdown_grace);
      if (s.key == "threads") ReadInt(s, server.threads, 1, 256);
    }
  }

  void LoadIngest(const Entry& e) {
    static const std::vector<std::string> kKeys = {"expire_after", "max_batch", "queue_limit",
                                                   "apply_budget"};
    auto entries = Map(e.value, e.where, &kKeys);
    if (!entries) return;
    IngestConfig& ingest = config_.ingest;
    for (const Entry& s : *entries) {
      if (s.key == "expire_after") ReadDuration(s, ingest.expire_after);
      if (s.key == "max_batch") ReadInt(s, ingest.max_batch, 1, 1000000);
      if (s.key == "queue_limit") ReadInt(s, ingest.queue_limit, 1, 100000000);
      if (s.key == "apply_budget") ReadDuration(s, ingest.apply_budget);
    }
  }

  void LoadTls(const Entry& e) {
    static const std::vector<std::string> kKeys = {"ca_file"};
    auto entries = Map(e.value, e.where, &kKeys);
    if (!entries) return;
    const Entry* ca = Find(*entries, "ca_file");
    if (ca == nullptr) return;
    auto path = String(*ca);
    if (!path) return;
    fs::path full = ResolvePath(*path);
    std::string problem;
    auto bytes = ReadWholeFile(full, problem);
    if (!bytes) {
      Add(ca->where, "cannot read " + Quoted(full.string()) + ": " + problem);
    } else if (bytes->find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
      Add(ca->where, Quoted(full.string()) + " holds no PEM certificate");
    } else {
      config_.tls.ca_file = full.string();
    }
  }

  std::string origin_;
  fs::path base_dir_;
  Config config_;
  std::vector<Problem> problems_;
  std::vector<RulePattern> rule_patterns_;
};

std::string FormatProblem(const std::string& origin, const Problem& p) {
  int line = p.mark.is_null() ? 1 : std::max(p.mark.line + 1, 1);
  int column = p.mark.is_null() ? 1 : std::max(p.mark.column + 1, 1);
  std::string out = origin + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  if (!p.path.empty()) out += p.path + ": ";
  return out + p.text;
}

// All problems as one kInvalidArgument, or OK when there are none.
Status ToStatus(const std::string& origin, const std::vector<Problem>& problems) {
  if (problems.empty()) return Status::Ok();
  std::string message;
  for (const Problem& p : problems) {
    if (!message.empty()) message += "\n";
    message += FormatProblem(origin, p);
  }
  return InvalidArgument(std::move(message), problems.front().path);
}

fs::path BaseDir(std::string_view origin) { return fs::path(origin).parent_path(); }

Result<std::string> ReadConfigText(const std::string& path) {
  std::string problem;
  auto text = ReadWholeFile(path, problem);
  if (!text) return NotFound("cannot read config file " + Quoted(path) + ": " + problem);
  return std::move(*text);
}

// glob(3) error callback: a directory that does not exist just matches nothing; any other
// error (such as a permission problem) stops the search and is reported.
thread_local int g_glob_errno = 0;
int OnGlobError(const char* /*path*/, int error) {
  if (error == ENOENT || error == ENOTDIR) return 0;
  g_glob_errno = error;
  return 1;
}

// Problems of one rule file: it must parse as YAML. Positions are in that file.
void CheckRuleFile(const std::string& path, std::vector<std::string>& out) {
  std::string problem;
  auto text = ReadWholeFile(path, problem);
  if (!text) {
    out.push_back(path + ": cannot read: " + problem);
    return;
  }
  try {
    YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    out.push_back(FormatProblem(path, Problem{e.mark, "", "invalid YAML: " + e.msg}));
  }
}

}  // namespace

std::string ListenAddress::ToString() const {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

const std::vector<std::string>& KnownSourceNames() {
  static const std::vector<std::string> kNames = {"alertmanager", "grafana",   "newrelic",
                                                  "azure",        "pagerduty", "generic"};
  return kNames;
}

Result<Config> ParseConfig(std::string_view yaml_text, std::string_view origin) {
  Loader loader{std::string(origin), BaseDir(origin)};
  loader.Load(yaml_text);
  if (!loader.problems().empty()) return ToStatus(loader.origin(), loader.problems());
  return std::move(loader.config());
}

Result<Config> LoadConfig(const std::string& path) {
  auto text = ReadConfigText(path);
  if (!text.ok()) return text.status();
  return ParseConfig(*text, path);
}

Status CheckConfigFile(const std::string& path) {
  auto text = ReadConfigText(path);
  if (!text.ok()) return text.status();
  Loader loader{path, BaseDir(path)};
  loader.Load(*text);
  std::vector<std::string> lines;
  for (const Problem& p : loader.problems()) lines.push_back(FormatProblem(path, p));
  for (const RulePattern& r : loader.rule_patterns()) {
    glob_t matches{};
    g_glob_errno = 0;
    int rc = glob(r.pattern.c_str(), 0, OnGlobError, &matches);
    if (rc == GLOB_NOMATCH) {
      lines.push_back(
          FormatProblem(path, Problem{r.where.mark, r.where.path,
                                      "pattern " + Quoted(r.pattern) + " matches no file"}));
    } else if (rc != 0) {
      lines.push_back(
          FormatProblem(path, Problem{r.where.mark, r.where.path,
                                      "cannot search for " + Quoted(r.pattern) + ": " +
                                          std::strerror(g_glob_errno != 0 ? g_glob_errno : EIO)}));
    } else {
      for (size_t i = 0; i < matches.gl_pathc; ++i) CheckRuleFile(matches.gl_pathv[i], lines);
    }
    globfree(&matches);
  }
  if (lines.empty()) return Status::Ok();
  std::string message;
  for (const std::string& line : lines) message += (message.empty() ? "" : "\n") + line;
  std::string field = loader.problems().empty() ? "rule_files" : loader.problems().front().path;
  return InvalidArgument(std::move(message), std::move(field));
}

std::string RedactedSummary(const Config& c) {
  using nlohmann::json;
  auto secret = [](const std::string& s) -> json {
    return s.empty() ? json(nullptr) : json(kRedacted);
  };
  auto seconds = [](Duration d) { return FormatDuration(d); };
  auto credentials = [&secret](const AuthConfig& auth) {
    json j;
    switch (auth.kind) {
      case AuthConfig::kNone:
        j["auth"] = "none";
        break;
      case AuthConfig::kBearer:
        j["auth"] = "bearer";
        j["bearer_token"] = secret(auth.bearer_token);
        break;
      case AuthConfig::kBasic:
        j["auth"] = "basic";
        j["username"] = auth.username;
        j["password"] = secret(auth.password);
        break;
    }
    return j;
  };
  json sources = json::object();
  for (const auto& [name, s] : c.sources) {
    json j = credentials(s.auth);
    if (s.hmac_secret) j["hmac_secret"] = kRedacted;
    sources[name] = j;
  }
  json chat = json::object();
  if (c.chat.slack) {
    chat["slack"] = {{"signing_secret", secret(c.chat.slack->signing_secret)},
                     {"bot_token", secret(c.chat.slack->bot_token)},
                     {"channel", c.chat.slack->channel},
                     {"webhook_url", secret(c.chat.slack->webhook_url)}};
  }
  if (c.chat.mattermost) {
    chat["mattermost"] = {{"token", secret(c.chat.mattermost->token)},
                          {"webhook_url", secret(c.chat.mattermost->webhook_url)}};
  }
  if (c.chat.teams) {
    chat["teams"] = {{"outgoing_secret", secret(c.chat.teams->outgoing_secret)},
                     {"workflow_url", secret(c.chat.teams->workflow_url)}};
  }
  if (c.chat.generic) {
    chat["generic"] = {{"webhook_url", secret(c.chat.generic->webhook_url)},
                       {"bearer_token", secret(c.chat.generic->bearer_token)}};
  }
  json watch = json::array();
  for (const WatchQuery& w : c.watch) watch.push_back(w.name);
  json checks = json::object();
  for (const auto& [id, options] : c.checks.options) checks[id] = options;
  json out = {
      {"listen", c.listen.ToString()},
      {"database", c.database},
      {"timezone", c.timezone},
      {"public_url", WithoutUserinfo(c.public_url)},
      {"sources", sources},
      {"prometheus", WithoutUserinfo(c.prometheus.url)},
      {"alertmanager", WithoutUserinfo(c.alertmanager.url)},
      {"rule_files", c.rule_files},
      {"chat", chat},
      {"summary", {{"schedule", c.summary.schedule}, {"post_to", c.summary.post_to}}},
      {"tls", {{"ca_file", c.tls.ca_file}}},
      {"api", c.api ? credentials(*c.api) : json({{"auth", "open"}})},
      {"checks", {{"options", checks}, {"disabled", c.checks.disabled}}},
      {"watch", watch},
      {"server",
       {{"body_limit", c.server.body_limit},
        {"read_timeout", seconds(c.server.read_timeout)},
        {"idle_timeout", seconds(c.server.idle_timeout)},
        {"shutdown_grace", seconds(c.server.shutdown_grace)},
        {"threads", c.server.threads}}},
      {"ingest",
       {{"expire_after", seconds(c.ingest.expire_after)},
        {"max_batch", c.ingest.max_batch},
        {"queue_limit", c.ingest.queue_limit},
        {"apply_budget", seconds(c.ingest.apply_budget)}}},
  };
  return out.dump();
}

}  // namespace nagame::bot

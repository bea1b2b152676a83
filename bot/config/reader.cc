// The positioned YAML reader (see reader.h); yaml-cpp exceptions stop in the config files.
#include "bot/config/reader.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "bot/text/did_you_mean.h"

namespace nagame::bot::config {
namespace {

namespace fs = std::filesystem;

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

}  // namespace

void Reader::AddAt(const YAML::Mark& mark, std::string path, std::string text) {
  problems_.push_back({mark, std::move(path), std::move(text)});
}

std::optional<std::vector<Entry>> Reader::Map(const YAML::Node& node, const Where& w,
                                              const std::vector<std::string>* known,
                                              std::string_view noun) {
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
    kw.path = JoinPath(w.path, shown ? name : "<key>");
    if (!seen.insert(name).second) {
      Add(kw, "duplicate key");
      continue;
    }
    if (known != nullptr && std::find(known->begin(), known->end(), name) == known->end()) {
      std::string text = UnknownName(noun, name, false, *known);
      if (!shown) text += " (not shown: it does not look like a key)";
      Add(kw, text);
      continue;
    }
    out.push_back({name, it->second, kw});
  }
  return out;
}

const Entry* Reader::Find(const std::vector<Entry>& entries, std::string_view key) {
  for (const Entry& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

// The items of a sequence (null: none), each with its "path[i]" and position.
std::optional<std::vector<std::pair<YAML::Node, Where>>> Reader::List(const YAML::Node& node,
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
std::optional<Text> Reader::Scalar(const YAML::Node& node, const Where& w, bool secret,
                                   std::string_view what) {
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
std::optional<Text> Reader::NonEmpty(const Entry& e) {
  auto t = Scalar(e.value, e.where, false);
  if (t && t->value.empty()) {
    Add(e.where, "must not be empty");
    return std::nullopt;
  }
  return t;
}
std::optional<std::string> Reader::String(const Entry& e) {
  auto t = NonEmpty(e);
  return t ? std::optional<std::string>(std::move(t->value)) : std::nullopt;
}

// `text` quoted, when it may be shown; else empty.
std::string Reader::Shown(const Text& text, std::string_view prefix) {
  return text.showable ? std::string(prefix) + Quoted(text.value) : std::string();
}

// Reads `key` or `key_file` from `entries`. Reports both given, empty values, unreadable
// files. `present` tells whether either key was there.
Secret Reader::ReadSecret(const std::vector<Entry>& entries, const std::string& key) {
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

fs::path Reader::ResolvePath(const std::string& path) const {
  fs::path p(path);
  if (p.is_absolute() || base_dir_.empty()) return p;
  return (base_dir_ / p).lexically_normal();
}

void Reader::ReadDuration(const Entry& e, Duration& out) {
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

std::optional<int64_t> Reader::Integer(const Entry& e, int64_t min, int64_t max) {
  auto t = Scalar(e.value, e.where, false, "a whole number");
  if (!t) return std::nullopt;
  int64_t n = 0;
  const std::string& s = t->value;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
    Add(e.where, "must be a whole number" + Shown(*t, ", not "));
    return std::nullopt;
  }
  if (n < min || n > max) {
    Add(e.where, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

// An http(s) URL. URLs are never quoted in messages: they may carry credentials.
std::optional<std::string> Reader::Url(const std::optional<Text>& t, const Where& w) {
  if (!t) return std::nullopt;
  if (!IsHttpUrl(t->value)) {
    Add(w, "must be an http:// or https:// URL");
    return std::nullopt;
  }
  return t->value;
}

// A secret URL (webhook): `key` or `key_file`, validated, never shown.
std::string Reader::SecretUrl(const std::vector<Entry>& entries, const std::string& key) {
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

AuthConfig Reader::Credentials(const std::vector<Entry>& entries, const Where& where,
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
    ReadBasicAuth(*basic, out);
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

void Reader::ReadBasicAuth(const Entry& e, AuthConfig& auth) {
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

nlohmann::json Reader::ToJson(const YAML::Node& node, const Where& w) {
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
  return PlainScalarJson(t->value);
}

nlohmann::json PlainScalarJson(const std::string& s) {
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

bool LooksLikeIdentifier(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '/' ||
           c == '.';
  });
}

std::string Quoted(std::string_view value) {
  std::string out = "\"";
  for (char c : value.substr(0, 64)) {
    if (c == '"' || c == '\\') out += '\\';
    out += (static_cast<unsigned char>(c) < 0x20) ? '?' : c;
  }
  if (value.size() > 64) out += "...";
  return out + "\"";
}

std::string UnknownName(std::string_view noun, std::string_view name, bool show_name,
                        const std::vector<std::string>& known) {
  std::string text = "unknown " + std::string(noun);
  if (show_name && LooksLikeIdentifier(name)) text += " " + Quoted(name);
  auto missing_colon = std::find_if(known.begin(), known.end(), [&](const std::string& k) {
    return name.size() > k.size() && name.starts_with(k) && name[k.size()] == ' ';
  });
  if (missing_colon != known.end()) {
    text += " (is the \":\" after \"" + *missing_colon + "\" missing?)";
  } else if (auto guess = ClosestNames(name, known, 1); !guess.empty()) {
    text += " (did you mean \"" + guess.front() + "\"?)";
  }
  return text;
}

std::string JoinPath(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
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

nlohmann::json RedactedSecret(const std::string& secret) {
  return secret.empty() ? nlohmann::json(nullptr) : nlohmann::json(kRedacted);
}

nlohmann::json RedactedCredentials(const AuthConfig& auth) {
  nlohmann::json j;
  switch (auth.kind) {
    case AuthConfig::kNone:
      j["auth"] = "none";
      break;
    case AuthConfig::kBearer:
      j["auth"] = "bearer";
      j["bearer_token"] = RedactedSecret(auth.bearer_token);
      break;
    case AuthConfig::kBasic:
      j["auth"] = "basic";
      j["username"] = auth.username;
      j["password"] = RedactedSecret(auth.password);
      break;
  }
  return j;
}

}  // namespace nagame::bot::config

// The positioned YAML reader every config section uses: typed values with `${ENV}` expansion,
// `*_file` secrets, unknown-key "did you mean" and every problem as "<file>:<line>:<col>: <key
// path>: <problem>". Section loaders (bot/config/*_section.cc, each source's and chat
// platform's own loader) read their block through it; yaml-cpp stays behind this header and
// the files that load config.
//
// A Reader is not thread-safe; one is made per config file load.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json_fwd.hpp>

#include "bot/auth/tokens.h"
#include "rules/time.h"

namespace nagame::bot::config {

// Where a value sits: the position of its key (or list item) and its key path.
struct Where {
  YAML::Mark mark;
  std::string path;
};

// One problem found in the file.
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

class Reader {
 public:
  // `base_dir`: where relative `*_file` paths start (the config file's directory).
  explicit Reader(std::filesystem::path base_dir) : base_dir_(std::move(base_dir)) {}

  void AddAt(const YAML::Mark& mark, std::string path, std::string text);
  void Add(const Where& w, std::string text) { AddAt(w.mark, w.path, std::move(text)); }
  const std::vector<Problem>& problems() const { return problems_; }
  // Problems so far; compare before and after reading a block to tell whether it was clean.
  size_t problem_count() const { return problems_.size(); }

  // --- Structure ---------------------------------------------------------------------------

  // The entries of a mapping (a null node is an empty mapping). Reports a non-mapping, keys
  // that are not strings, duplicates and, when `known` is given, unknown keys (`noun` names
  // them: "key", "source"). Returns nullopt if `node` is not a mapping.
  std::optional<std::vector<Entry>> Map(const YAML::Node& node, const Where& w,
                                        const std::vector<std::string>* known,
                                        std::string_view noun = "key");
  static const Entry* Find(const std::vector<Entry>& entries, std::string_view key);
  // The items of a sequence (null: none), each with its "path[i]" and position.
  std::optional<std::vector<std::pair<YAML::Node, Where>>> List(const YAML::Node& node,
                                                                const Where& w);

  // --- Scalars -----------------------------------------------------------------------------

  // A scalar, expanded. `what` names the expected type for the message ("a string").
  std::optional<Text> Scalar(const YAML::Node& node, const Where& w, bool secret,
                             std::string_view what = "a string");
  // A non-empty, non-secret string.
  std::optional<Text> NonEmpty(const Entry& e);
  std::optional<std::string> String(const Entry& e);
  // `text` quoted after `prefix`, when it may be shown; else empty.
  static std::string Shown(const Text& text, std::string_view prefix = " ");

  // Reads `key` or `key_file` from `entries`. Reports both given, empty values, unreadable
  // files. `present` tells whether either key was there.
  Secret ReadSecret(const std::vector<Entry>& entries, const std::string& key);
  // Relative paths are joined to the config file's directory.
  std::filesystem::path ResolvePath(const std::string& path) const;
  // A duration such as "30s"; longer than zero.
  void ReadDuration(const Entry& e, Duration& out);
  // A whole number in [min, max]; nullopt after reporting a problem.
  std::optional<int64_t> Integer(const Entry& e, int64_t min, int64_t max);
  template <typename Int>
  void ReadInt(const Entry& e, Int& out, int64_t min, int64_t max) {
    if (auto n = Integer(e, min, max)) out = static_cast<Int>(*n);
  }
  // An http(s) URL. URLs are never quoted in messages: they may carry credentials.
  std::optional<std::string> Url(const std::optional<Text>& t, const Where& w);
  // A secret URL (webhook): `key` or `key_file`, validated, never shown.
  std::string SecretUrl(const std::vector<Entry>& entries, const std::string& key);

  // The credentials of a block that takes bearer_token (or _file), basic_auth, or
  // `auth: none`: exactly one of them. `subject` names the block in messages ("this source");
  // `hint` ends the "no credentials" problem.
  AuthConfig Credentials(const std::vector<Entry>& entries, const Where& where,
                         const std::string& subject, const std::string& hint);

  // A YAML subtree as JSON: plain scalars typed (bool, null, integer, number), quoted ones
  // kept as strings.
  nlohmann::json ToJson(const YAML::Node& node, const Where& w);

 private:
  void ReadBasicAuth(const Entry& e, AuthConfig& auth);

  std::filesystem::path base_dir_;
  std::vector<Problem> problems_;
};

// A plain (unquoted, untagged) YAML scalar as JSON: true/false, null, a whole number, a
// finite number, else the string itself. Config values and saved YAML answers type it alike.
nlohmann::json PlainScalarJson(const std::string& s);
// "a.b" from "a" and "b"; just `key` when `path` is empty.
std::string JoinPath(const std::string& path, std::string_view key);
// A value written literally in the config, quoted for a message (cut at 64 bytes).
std::string Quoted(std::string_view value);
// Keys are echoed in messages only when they look like identifiers: a flow-map slip such as
// `{ bearer_token abc }` makes a key out of a secret.
bool LooksLikeIdentifier(std::string_view s);
// "unknown <noun>" for a name not among `known`, with the name quoted when `show_name` and it
// looks like an identifier, and a hint: a missing ":" or "(did you mean "y"?)".
std::string UnknownName(std::string_view noun, std::string_view name, bool show_name,
                        const std::vector<std::string>& known);
// The whole content of `path`; nullopt with `problem` set (strerror) when it cannot be read.
std::optional<std::string> ReadWholeFile(const std::filesystem::path& path, std::string& problem);
// True for "http://host…" and "https://host…" with no spaces or control characters.
bool IsHttpUrl(std::string_view s);
// `url` with any "user:password@" replaced by "<redacted>@".
std::string WithoutUserinfo(const std::string& url);
// For summaries: "<redacted>" for a set secret, null for an empty one.
nlohmann::json RedactedSecret(const std::string& secret);
// {"auth": "none"|"bearer"|"basic", …} with every secret redacted.
nlohmann::json RedactedCredentials(const AuthConfig& auth);

inline constexpr const char* kRedacted = "<redacted>";

}  // namespace nagame::bot::config

// Config sections for rule lists beyond Prometheus: `newrelic`, `grafana` and `azure`. Each is
// optional and reads either a live API (with a credential from a file or the environment) or a
// saved answer (`*_file`), never both, so a review always says which one it used.
#include <algorithm>
#include <cctype>
#include <filesystem>

#include "bot/config/sections.h"

namespace nagame::bot::config {
namespace {

namespace fs = std::filesystem;

// `key: ${VAR}` or `key_file: PATH`. A literal secret in the config is refused: config files
// end up in repositories and tickets.
SecretSetting ReadSecretSetting(Reader& reader, const std::vector<Entry>& entries,
                                const std::string& key) {
  SecretSetting out;
  const Entry* inline_entry = Reader::Find(entries, key);
  if (inline_entry != nullptr && inline_entry->value.IsScalar() &&
      inline_entry->value.Scalar().find("${") == std::string::npos) {
    reader.Add(inline_entry->where, "a literal secret is refused: give " + key +
                                        "_file: PATH, or " + key + ": ${ENV_VAR}");
    return out;
  }
  Secret secret = reader.ReadSecret(entries, key);
  if (secret.value.empty()) return out;
  if (const Entry* file = Reader::Find(entries, key + "_file")) {
    if (auto path = reader.String(*file)) out.file = reader.ResolvePath(*path).string();
  } else {
    out.value = std::move(secret.value);
  }
  return out;
}

// A saved answer's path (relative to the config's directory); it must be a readable file now.
std::string ReadSavedFile(Reader& reader, const Entry& e) {
  auto path = reader.String(e);
  if (!path) return {};
  fs::path full = reader.ResolvePath(*path);
  std::error_code ec;
  if (!fs::is_regular_file(full, ec)) {
    reader.Add(e.where, "no such file " + Quoted(full.string()));
    return {};
  }
  return full.string();
}

std::string ReadUrl(Reader& reader, const Entry& e) {
  auto url = reader.Url(reader.Scalar(e.value, e.where, false), e.where);
  if (!url) return {};
  while (url->ends_with('/')) url->pop_back();
  return *url;
}

bool IsSubscriptionId(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// Azure's rule for resource group names: 1-90 of letters, digits, _ - . ( ), not ending in ".".
bool IsResourceGroup(std::string_view s) {
  if (s.empty() || s.size() > 90 || s.back() == '.') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
           c == '(' || c == ')';
  });
}

// "give either <file_key> or <live keys>, not both", or "give <live keys> or <file_key>".
void RequireOneMode(Reader& reader, const Entry& block, const std::vector<Entry>& entries,
                    const std::string& file_key, const std::vector<std::string>& live_keys,
                    const std::string& what) {
  bool has_file = Reader::Find(entries, file_key) != nullptr;
  bool has_live = std::any_of(live_keys.begin(), live_keys.end(), [&](const std::string& k) {
    return Reader::Find(entries, k) != nullptr || Reader::Find(entries, k + "_file") != nullptr;
  });
  if (has_file && has_live) {
    reader.Add(block.where, "give either " + file_key + " (a saved answer) or " + what +
                                " (the live API), not both");
  } else if (!has_file && !has_live) {
    reader.Add(block.where,
               "give " + what + " (the live API) or " + file_key + " (a saved answer)");
  }
}

}  // namespace

void LoadNewRelic(Reader& reader, const Entry& e, Loaded& out) {
  static const std::vector<std::string> kKeys = {"api_key", "api_key_file", "accounts",
                                                 "region",  "url",          "conditions_file"};
  auto entries = reader.Map(e.value, e.where, &kKeys);
  if (!entries) return;
  NewRelicConfig c;
  const size_t before = reader.problem_count();
  RequireOneMode(reader, e, *entries, "conditions_file", {"api_key", "accounts"},
                 "api_key_file and accounts");
  c.api_key = ReadSecretSetting(reader, *entries, "api_key");
  for (const Entry& k : *entries) {
    if (k.key == "conditions_file") {
      c.conditions_file = ReadSavedFile(reader, k);
    } else if (k.key == "url") {
      c.url = ReadUrl(reader, k);
    } else if (k.key == "region") {
      auto region = reader.String(k);
      if (!region) continue;
      std::string upper = *region;
      for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (upper != "US" && upper != "EU") {
        reader.Add(k.where, "must be US or EU");
        continue;
      }
      c.region = upper;
    } else if (k.key == "accounts") {
      auto items = reader.List(k.value, k.where);
      if (!items) continue;
      for (const auto& [node, where] : *items) {
        if (auto id = reader.Integer({"", node, where}, 1, int64_t{1} << 53)) {
          c.accounts.push_back(*id);
        }
      }
      if (items->empty()) reader.Add(k.where, "must list at least one account id");
    }
  }
  if (c.conditions_file.empty() && reader.problem_count() == before) {
    if (c.api_key.empty()) reader.Add(e.where, "api_key_file (or api_key: ${ENV_VAR}) is required");
    if (c.accounts.empty()) reader.Add(e.where, "accounts is required (New Relic account ids)");
  }
  if (reader.problem_count() == before) out.config.newrelic = std::move(c);
}

void LoadGrafana(Reader& reader, const Entry& e, Loaded& out) {
  static const std::vector<std::string> kKeys = {"url", "token", "token_file", "rules_file"};
  auto entries = reader.Map(e.value, e.where, &kKeys);
  if (!entries) return;
  GrafanaConfig c;
  const size_t before = reader.problem_count();
  RequireOneMode(reader, e, *entries, "rules_file", {"url", "token"}, "url and token_file");
  c.token = ReadSecretSetting(reader, *entries, "token");
  for (const Entry& k : *entries) {
    if (k.key == "url") c.url = ReadUrl(reader, k);
    if (k.key == "rules_file") c.rules_file = ReadSavedFile(reader, k);
  }
  if (c.rules_file.empty() && reader.problem_count() == before) {
    if (c.url.empty()) reader.Add(e.where, "url is required");
    if (c.token.empty()) {
      reader.Add(e.where, "token_file (or token: ${ENV_VAR}) is required: a service account token");
    }
  }
  if (reader.problem_count() == before) out.config.grafana = std::move(c);
}

void LoadAzure(Reader& reader, const Entry& e, Loaded& out) {
  static const std::vector<std::string> kKeys = {
      "subscription", "resource_group", "token", "token_file", "url", "rules_file"};
  auto entries = reader.Map(e.value, e.where, &kKeys);
  if (!entries) return;
  AzureConfig c;
  const size_t before = reader.problem_count();
  RequireOneMode(reader, e, *entries, "rules_file", {"subscription", "resource_group", "token"},
                 "subscription and token_file");
  c.token = ReadSecretSetting(reader, *entries, "token");
  for (const Entry& k : *entries) {
    if (k.key == "url") {
      c.url = ReadUrl(reader, k);
    } else if (k.key == "rules_file") {
      c.rules_file = ReadSavedFile(reader, k);
    } else if (k.key == "subscription") {
      auto id = reader.String(k);
      if (id && !IsSubscriptionId(*id)) {
        reader.Add(k.where, "must be a subscription id (8-4-4-4-12 hexadecimal digits)");
      } else if (id) {
        c.subscription = *id;
      }
    } else if (k.key == "resource_group") {
      auto group = reader.String(k);
      if (group && !IsResourceGroup(*group)) {
        reader.Add(k.where, "must be a resource group name (1-90 letters, digits, _-.() )");
      } else if (group) {
        c.resource_group = *group;
      }
    }
  }
  if (c.rules_file.empty() && reader.problem_count() == before) {
    if (c.subscription.empty()) reader.Add(e.where, "subscription is required");
    if (c.token.empty()) {
      reader.Add(e.where, "token_file (or token: ${ENV_VAR}) is required: an ARM bearer token");
    }
  }
  if (reader.problem_count() == before) out.config.azure = std::move(c);
}

nlohmann::json RedactedNewRelic(const std::optional<NewRelicConfig>& c) {
  if (!c) return nullptr;
  return {{"api_key", c->api_key.empty() ? nlohmann::json() : nlohmann::json(kRedacted)},
          {"accounts", c->accounts},
          {"region", c->region},
          {"url", WithoutUserinfo(c->url)},
          {"conditions_file", c->conditions_file}};
}

nlohmann::json RedactedGrafana(const std::optional<GrafanaConfig>& c) {
  if (!c) return nullptr;
  return {{"url", WithoutUserinfo(c->url)},
          {"token", c->token.empty() ? nlohmann::json() : nlohmann::json(kRedacted)},
          {"rules_file", c->rules_file}};
}

nlohmann::json RedactedAzure(const std::optional<AzureConfig>& c) {
  if (!c) return nullptr;
  return {{"subscription", c->subscription},
          {"resource_group", c->resource_group},
          {"token", c->token.empty() ? nlohmann::json() : nlohmann::json(kRedacted)},
          {"url", WithoutUserinfo(c->url)},
          {"rules_file", c->rules_file}};
}

}  // namespace nagame::bot::config

// The config's section loaders, one per top-level key (or group of related keys), called by
// the root loader in bot/config.cc. Each reads its block through the Reader, reports every
// problem there, and fills its part of the Config. Internal to the config loader.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/config.h"
#include "bot/config/reader.h"

namespace nagame::bot::config {

// A rule_files pattern with its place in the config (for CheckConfigFile).
struct RulePattern {
  std::string pattern;
  Where where;
};

// What the loaders fill.
struct Loaded {
  Config config;
  std::vector<RulePattern> rule_patterns;
  // The platforms with a block under `chat`, read cleanly or not (`summary.post_to` names
  // them; a block's own problems are reported once, by its platform).
  std::set<std::string> chat_blocks;
};

using SectionLoader = void (*)(Reader& reader, const Entry& section, Loaded& out);

// service_sections.cc: how the service runs.
void LoadListen(Reader& reader, const Entry& section, Loaded& out);
void LoadDatabase(Reader& reader, const Entry& section, Loaded& out);
void LoadTimezone(Reader& reader, const Entry& section, Loaded& out);
void LoadPublicUrl(Reader& reader, const Entry& section, Loaded& out);
void LoadServer(Reader& reader, const Entry& section, Loaded& out);
void LoadIngest(Reader& reader, const Entry& section, Loaded& out);
void LoadTls(Reader& reader, const Entry& section, Loaded& out);
void LoadApi(Reader& reader, const Entry& section, Loaded& out);

// sources_section.cc: `sources`, each block read by its registered source.
void LoadSources(Reader& reader, const Entry& section, Loaded& out);

// review_sections.cc: what the review reads.
void LoadPrometheus(Reader& reader, const Entry& section, Loaded& out);
void LoadAlertmanager(Reader& reader, const Entry& section, Loaded& out);
void LoadRuleFiles(Reader& reader, const Entry& section, Loaded& out);
void LoadChecks(Reader& reader, const Entry& section, Loaded& out);
void LoadWatch(Reader& reader, const Entry& section, Loaded& out);

// rule_source_sections.cc: rule lists from New Relic, Grafana and Azure, and their summaries
// (secrets shown as "<redacted>").
void LoadNewRelic(Reader& reader, const Entry& section, Loaded& out);
void LoadGrafana(Reader& reader, const Entry& section, Loaded& out);
void LoadAzure(Reader& reader, const Entry& section, Loaded& out);
nlohmann::json RedactedNewRelic(const std::optional<NewRelicConfig>& c);
nlohmann::json RedactedGrafana(const std::optional<GrafanaConfig>& c);
nlohmann::json RedactedAzure(const std::optional<AzureConfig>& c);

// chat_sections.cc: `chat`, each block read by its registered platform, and the weekly
// summary (read after `chat`).
void LoadChat(Reader& reader, const Entry& section, Loaded& out);
void LoadSummary(Reader& reader, const Entry& section, Loaded& out);

}  // namespace nagame::bot::config

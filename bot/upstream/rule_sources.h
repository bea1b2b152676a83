// The rule lists of the systems besides Prometheus — Grafana, New Relic, Azure Monitor — read
// side by side, one reader per system, each with its own outcome.
#pragma once

#include <string>
#include <vector>

#include "bot/config.h"
#include "bot/net/http_client.h"
#include "rules/check.h"
#include "rules/status.h"

namespace nagame::bot {

// What one configured system gave: its rules, or why they could not be read.
struct RuleSourceRead {
  std::string origin;  // "grafana", "newrelic", "azure": the system and the snapshot origin
  std::vector<rules::DefinedRule> rules;
  Status status;  // kUnavailable "<origin>: <cause>" when unreadable
};

// Reads every configured system (`config.grafana`, `config.newrelic`, `config.azure`; one not
// configured is left out) concurrently, with `options` (timeouts, the CA file). Never fails as
// a whole. Blocking: run it off the I/O threads.
std::vector<RuleSourceRead> ReadRuleSources(const Config& config,
                                            const net::HttpClientOptions& options);

}  // namespace nagame::bot

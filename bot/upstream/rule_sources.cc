// ReadRuleSources: the table of rule-list readers beside Prometheus, run concurrently.
#include "bot/upstream/rule_sources.h"

#include <functional>
#include <future>

#include "bot/upstream/azure_alert_rules.h"
#include "bot/upstream/grafana_rules.h"
#include "bot/upstream/newrelic_conditions.h"

namespace nagame::bot {
namespace {

using Reader = std::function<Result<std::vector<rules::DefinedRule>>()>;

// One line per system: its origin, and its reader when configured.
std::vector<std::pair<std::string, Reader>> Configured(const Config& config,
                                                       const net::HttpClientOptions& options) {
  std::vector<std::pair<std::string, Reader>> out;
  if (config.grafana) {
    out.emplace_back("grafana", [&] { return ReadGrafanaRules(*config.grafana, options); });
  }
  if (config.newrelic) {
    out.emplace_back("newrelic", [&] { return ReadNewRelicRules(*config.newrelic, options); });
  }
  if (config.azure) {
    out.emplace_back("azure", [&] { return ReadAzureRules(*config.azure, options); });
  }
  return out;
}

}  // namespace

std::vector<RuleSourceRead> ReadRuleSources(const Config& config,
                                            const net::HttpClientOptions& options) {
  auto readers = Configured(config, options);
  std::vector<std::future<Result<std::vector<rules::DefinedRule>>>> running;
  for (auto& [origin, read] : readers) running.push_back(std::async(std::launch::async, read));
  std::vector<RuleSourceRead> out;
  for (size_t i = 0; i < readers.size(); ++i) {
    auto got = running[i].get();
    RuleSourceRead r{readers[i].first, {}, got.status()};
    if (got.ok()) r.rules = std::move(got).value();
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace nagame::bot

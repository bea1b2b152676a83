// The settings of the rule lists Nagame reads besides Prometheus: `newrelic:`, `grafana:` and
// `azure:` (each optional; loaded by bot/config/rule_source_sections.cc, read by
// bot/upstream/rule_sources.*).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nagame::bot {

// A credential given as `${ENV_VAR}` (kept in `value`) or `<key>_file: PATH` (kept as the
// absolute `file`, read again before every use so that a rotated key or a refreshed token is
// picked up). Never logged, never in a summary or an error message.
struct SecretSetting {
  std::string value;
  std::string file;
  bool empty() const { return value.empty() && file.empty(); }
};

// `newrelic: {api_key_file, accounts: [...], region: US|EU, url, conditions_file}`: NRQL
// conditions through NerdGraph's nrqlConditionsSearch, or a saved answer.
struct NewRelicConfig {
  SecretSetting api_key;          // a user API key (NRAK-…), sent as the API-Key header
  std::vector<int64_t> accounts;  // account ids to list conditions of
  std::string region = "US";      // US or EU: picks the NerdGraph endpoint
  std::string url;                // empty: the region's endpoint; set: that one (a proxy)
  std::string conditions_file;    // a saved NerdGraph answer (or several pages, in a list)
};

// `grafana: {url, token_file, rules_file}`: Grafana-managed alert rules through the
// provisioning API, or an exported provisioning file.
struct GrafanaConfig {
  std::string url;         // "https://grafana.example.com", no trailing slash
  SecretSetting token;     // a service account token, sent as a bearer token
  std::string rules_file;  // an export (YAML or JSON) or a saved API answer
};

// `azure: {subscription, resource_group, token_file, url, rules_file}`: metricAlerts and
// scheduledQueryRules from Azure Resource Manager, or saved list answers.
struct AzureConfig {
  std::string subscription;    // subscription id
  std::string resource_group;  // empty: the whole subscription
  SecretSetting token;         // an ARM bearer token (e.g. `az account get-access-token`)
  std::string url = "https://management.azure.com";  // ARM's endpoint (sovereign clouds differ)
  std::string rules_file;                            // a saved list answer (or a list of them)
};

}  // namespace nagame::bot

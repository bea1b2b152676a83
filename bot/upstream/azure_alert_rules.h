// Azure Monitor alert rules from Azure Resource Manager: the list answers of `metricAlerts`
// and `scheduledQueryRules` (log search alerts) of a subscription or resource group, with a
// bearer token, followed through `nextLink`; or those answers saved to a file. The decoder is
// a pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/config/rule_source_configs.h"
#include "bot/net/http_client.h"
#include "rules/check.h"
#include "rules/status.h"

namespace nagame::bot {

// One decoded list answer: its rules and its nextLink ("" on the last page).
struct AzureRulePage {
  std::vector<rules::DefinedRule> rules;
  std::string next_link;
};

// Decodes {"value": [...], "nextLink": …}. Each resource becomes a rule of source "azure":
// name = the resource's name (the common alert schema's essentials.alertRule), group = its
// resource group, file = its resource id, `for` = windowSize, label severity "Sev<n>" (as the
// webhook source labels it), labels from the resource's tags (owner, team, …; a
// runbook_url tag becomes the annotation), annotation description, enabled. A metric alert's
// expr is its criteria as text ("Average Microsoft.Compute/virtualMachines/Percentage CPU
// GreaterThan 80", language kAzureMetric); a scheduled query rule's is its KQL queries
// (language kKQL); LogToMetric rules, which never alert, are left out. Errors: kUnavailable
// "<request>: malformed answer: <field>: <problem>".
Result<AzureRulePage> ParseAzureRulePage(const nlohmann::json& body, std::string_view request);

// ARM's error text: "<code>: <message>" from {"error": {"code", "message"}}, or "".
std::string AzureErrorText(const nlohmann::json& body);

// The rules of `config`: its rules_file (one answer, or a list of answers), else both lists
// through ARM with the token read now. A nextLink is followed only on the configured `url`'s
// scheme, host and port (the token is never sent elsewhere). Errors: kUnavailable "azure:
// <cause>", e.g. "azure: GET /subscriptions/…/metricAlerts: HTTP 401:
// ExpiredAuthenticationToken: …".
Result<std::vector<rules::DefinedRule>> ReadAzureRules(const AzureConfig& config,
                                                       const net::HttpClientOptions& options);

}  // namespace nagame::bot

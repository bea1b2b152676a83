// Grafana-managed alert rules: GET /api/v1/provisioning/alert-rules (a service account token),
// or an exported provisioning file (YAML or JSON, `apiVersion: 1` with `groups`). The decoder
// is a pure function, usable on saved answers.
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

// The alerting rules of `body`: either the provisioning API's list of ProvisionedAlertRule, or
// a provisioning export ({"groups": [{"name", "folder", "rules": [...]}]}). Each becomes a
// DefinedRule of source "grafana" (the webhook source its alerts arrive through): name = title
// (Grafana's alertname), group = rule group, file = "Grafana folder <folder>", expr = each
// query as "<refId>: <expr|query|rawSql|expression>" one per line, language kGrafanaQuery (the
// data source is not known: no PromQL check guesses), `for`, labels (severity, team, …),
// annotations (summary, description, runbook_url) and enabled = !isPaused. Recording rules
// (a `record` block) are left out. Errors: kUnavailable "<request>: malformed answer: <field>:
// <problem>" (e.g. "[2].title: must be a string").
Result<std::vector<rules::DefinedRule>> ParseGrafanaRules(const nlohmann::json& body,
                                                          std::string_view request);

// Grafana's error text ({"message": …}), or "".
std::string GrafanaErrorText(const nlohmann::json& body);

// The rules of `config`: its rules_file, else its url with its token (read now). Errors:
// kUnavailable "grafana: <cause>" — the token file, the transport, "GET
// /api/v1/provisioning/alert-rules: HTTP 401: <Grafana's message>", a malformed answer.
Result<std::vector<rules::DefinedRule>> ReadGrafanaRules(const GrafanaConfig& config,
                                                         const net::HttpClientOptions& options);

}  // namespace nagame::bot

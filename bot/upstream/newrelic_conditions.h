// New Relic NRQL alert conditions through NerdGraph (POST /graphql with a user API key in the
// API-Key header): `nrqlConditionsSearch` and `policiesSearch` of each configured account,
// followed through `nextCursor`; or the same answers saved to a file. The decoders are pure.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/config/rule_source_configs.h"
#include "bot/net/http_client.h"
#include "rules/check.h"
#include "rules/status.h"

namespace nagame::bot {

// NerdGraph's endpoint for `region` ("US" or "EU"): "https://api.newrelic.com" or
// "https://api.eu.newrelic.com" (the request goes to <it>/graphql).
std::string NerdGraphUrl(std::string_view region);

// One NerdGraph answer decoded: the account it is about (0 when the answer does not say), the
// conditions and policies it holds, and the cursors of their next pages ("" on the last).
struct NerdGraphPage {
  int64_t account = 0;
  struct Condition {
    rules::RuleDefinition definition;  // name: the condition's own name (no policy yet)
    std::string policy_id;
  };
  std::vector<Condition> conditions;
  std::map<std::string, std::string> policies;   // id → name
  std::optional<std::string> conditions_cursor;  // set when the answer has the search
  std::optional<std::string> policies_cursor;
};

// Decodes one answer ({"data": {"actor": {"account": {"alerts": {…}}}}}). A condition keeps
// nrql.query (language kNRQL), enabled, description, runbookUrl (annotation runbook_url) and
// the term of the highest priority: thresholdDuration as `for`, lower-cased priority as label
// `severity` (as the webhook source labels it). Errors: kUnavailable "<request>: <message>"
// for a GraphQL `errors` list, "<request>: malformed answer: <field>: <problem>" otherwise.
Result<NerdGraphPage> ParseNerdGraphPage(const nlohmann::json& body, std::string_view request);

// The conditions of `pages` as rules of source "newrelic": name "<policy> / <condition>" (the
// name the workflow webhook gives their alerts; the condition's name alone when its policy is
// unknown), group = the policy, file = "New Relic account <id>".
std::vector<rules::DefinedRule> NewRelicRules(const std::vector<NerdGraphPage>& pages);

// The conditions of `config`: its conditions_file (one answer, or a list of answers), else
// every account through NerdGraph with the API key read now. Errors: kUnavailable
// "newrelic: <cause>", e.g. "newrelic: POST /graphql: HTTP 401: Invalid API key",
// "newrelic: account 1234: POST /graphql: <GraphQL error>".
Result<std::vector<rules::DefinedRule>> ReadNewRelicRules(const NewRelicConfig& config,
                                                          const net::HttpClientOptions& options);

}  // namespace nagame::bot

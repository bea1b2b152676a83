// NerdGraph's NRQL conditions and policies, paginated, mapped into DefinedRules.
#include "bot/upstream/newrelic_conditions.h"

#include <array>
#include <cctype>

#include "bot/sources/json_input.h"
#include "bot/upstream/answer_fields.h"
#include "bot/upstream/json_api.h"
#include "bot/upstream/paging.h"
#include "bot/upstream/saved_answer.h"
#include "bot/upstream/secret_setting.h"

namespace nagame::bot {
namespace {

namespace ji = json_input;
using nlohmann::json;

constexpr char kSource[] = "newrelic";
constexpr char kTarget[] = "/graphql";
constexpr char kRequest[] = "POST /graphql";

constexpr char kConditionsQuery[] =
    "query($accountId: Int!, $cursor: String) { actor { account(id: $accountId) { id alerts { "
    "nrqlConditionsSearch(cursor: $cursor) { nextCursor nrqlConditions { id name enabled "
    "description runbookUrl policyId type nrql { query } terms { priority operator threshold "
    "thresholdDuration thresholdOccurrences } } } } } } }";
constexpr char kPoliciesQuery[] =
    "query($accountId: Int!, $cursor: String) { actor { account(id: $accountId) { id alerts { "
    "policiesSearch(cursor: $cursor) { nextCursor policies { id name } } } } } }";

// Higher first: the term whose duration and priority describe the condition.
constexpr std::array<const char*, 4> kPriorities = {"CRITICAL", "HIGH", "WARNING", "MEDIUM"};

// An id NerdGraph writes as a string (or, in older answers, a number).
Result<std::string> IdText(const json& object, const char* key, const std::string& path) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::string();
  std::optional<std::string> text = ji::ScalarText(*it);
  if (!text) return InvalidArgument("must be a string or a number", ji::FieldPath(path, key));
  return *text;
}

size_t Rank(const std::string& priority) {
  for (size_t i = 0; i < kPriorities.size(); ++i) {
    if (priority == kPriorities[i]) return i;
  }
  return kPriorities.size();
}

Status ReadTerms(const json& c, const std::string& path, rules::RuleDefinition& d) {
  const json* terms = nullptr;
  NAGAME_ASSIGN_OR_RETURN(terms, ArrayOf(c, "terms", path, false));
  std::optional<size_t> best;
  std::string best_priority;
  for (size_t i = 0; i < terms->size(); ++i) {
    const std::string tpath = Indexed(ji::FieldPath(path, "terms"), i);
    std::string priority;
    NAGAME_ASSIGN_OR_RETURN(priority, ji::String((*terms)[i], "priority", tpath, false));
    for (char& ch : priority) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (!best || Rank(priority) < Rank(best_priority)) {
      best = i;
      best_priority = priority;
    }
  }
  if (!best) return Status::Ok();
  const std::string tpath = Indexed(ji::FieldPath(path, "terms"), *best);
  NAGAME_ASSIGN_OR_RETURN(d.for_duration,
                          PromDurationField((*terms)[*best], "thresholdDuration", tpath));
  std::string lower;
  for (char ch : best_priority)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (!lower.empty()) d.labels["severity"] = lower;
  return Status::Ok();
}

Result<NerdGraphPage::Condition> ParseCondition(const json& c, const std::string& path) {
  if (!c.is_object()) return InvalidArgument("must be an object", path);
  NerdGraphPage::Condition out;
  rules::RuleDefinition& d = out.definition;
  d.language = rules::kNRQL;
  NAGAME_ASSIGN_OR_RETURN(d.name, RequiredText(c, "name", path));
  NAGAME_ASSIGN_OR_RETURN(d.enabled, BoolField(c, "enabled", path, true));
  NAGAME_ASSIGN_OR_RETURN(out.policy_id, IdText(c, "policyId", path));
  const json* nrql = nullptr;
  NAGAME_ASSIGN_OR_RETURN(nrql, ObjectOf(c, "nrql", path, false));
  if (nrql) {
    NAGAME_ASSIGN_OR_RETURN(d.expr, ji::String(*nrql, "query", path + ".nrql", false));
  }
  std::string description, runbook;
  NAGAME_ASSIGN_OR_RETURN(description, ji::String(c, "description", path, false));
  NAGAME_ASSIGN_OR_RETURN(runbook, ji::String(c, "runbookUrl", path, false));
  if (!description.empty()) d.annotations["description"] = description;
  if (!runbook.empty()) d.annotations["runbook_url"] = runbook;
  NAGAME_RETURN_IF_ERROR(ReadTerms(c, path, d));
  return out;
}

// The next cursor of a search object: "" when null or absent.
Result<std::string> Cursor(const json& search, const std::string& path) {
  return ji::String(search, "nextCursor", path, false);
}

Status ReadSearches(const json& alerts, const std::string& path, NerdGraphPage& out) {
  const json* conditions = nullptr;
  NAGAME_ASSIGN_OR_RETURN(conditions, ObjectOf(alerts, "nrqlConditionsSearch", path, false));
  if (conditions) {
    const std::string cpath = ji::FieldPath(path, "nrqlConditionsSearch");
    NAGAME_ASSIGN_OR_RETURN(out.conditions_cursor, Cursor(*conditions, cpath));
    const json* list = nullptr;
    NAGAME_ASSIGN_OR_RETURN(list, ArrayOf(*conditions, "nrqlConditions", cpath, true));
    for (size_t i = 0; i < list->size(); ++i) {
      NerdGraphPage::Condition c;
      NAGAME_ASSIGN_OR_RETURN(
          c, ParseCondition((*list)[i], Indexed(ji::FieldPath(cpath, "nrqlConditions"), i)));
      out.conditions.push_back(std::move(c));
    }
  }
  const json* policies = nullptr;
  NAGAME_ASSIGN_OR_RETURN(policies, ObjectOf(alerts, "policiesSearch", path, false));
  if (policies) {
    const std::string ppath = ji::FieldPath(path, "policiesSearch");
    NAGAME_ASSIGN_OR_RETURN(out.policies_cursor, Cursor(*policies, ppath));
    const json* list = nullptr;
    NAGAME_ASSIGN_OR_RETURN(list, ArrayOf(*policies, "policies", ppath, true));
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string p = Indexed(ji::FieldPath(ppath, "policies"), i);
      if (!(*list)[i].is_object()) return InvalidArgument("must be an object", p);
      std::string id, name;
      NAGAME_ASSIGN_OR_RETURN(id, IdText((*list)[i], "id", p));
      NAGAME_ASSIGN_OR_RETURN(name, ji::String((*list)[i], "name", p, false));
      if (!id.empty()) out.policies[id] = name;
    }
  }
  if (!conditions && !policies) {
    return InvalidArgument("has neither nrqlConditionsSearch nor policiesSearch", path);
  }
  return Status::Ok();
}

// The first GraphQL error's message (with how many more), or "".
std::string GraphQLErrors(const json& body) {
  if (!body.is_object()) return "";
  auto errors = body.find("errors");
  if (errors == body.end() || !errors->is_array() || errors->empty()) return "";
  std::string text;
  if (const json& first = (*errors)[0]; first.is_object()) {
    if (auto m = first.find("message"); m != first.end() && m->is_string()) text = *m;
  }
  if (text.empty()) text = "GraphQL error without a message";
  if (errors->size() > 1) text += " (and " + std::to_string(errors->size() - 1) + " more)";
  return text;
}

Result<NerdGraphPage> ParsePage(const json& body) {
  NerdGraphPage out;
  if (!body.is_object()) return InvalidArgument("must be an object");
  const json* data = nullptr;
  NAGAME_ASSIGN_OR_RETURN(data, ObjectOf(body, "data", "", true));
  const json* actor = nullptr;
  NAGAME_ASSIGN_OR_RETURN(actor, ObjectOf(*data, "actor", "data", true));
  const json* account = nullptr;
  NAGAME_ASSIGN_OR_RETURN(account, ObjectOf(*actor, "account", "data.actor", true));
  std::string id;
  NAGAME_ASSIGN_OR_RETURN(id, IdText(*account, "id", "data.actor.account"));
  if (!id.empty()) {
    try {
      out.account = std::stoll(id);
    } catch (const std::exception&) {
      return InvalidArgument("must be an account id", "data.actor.account.id");
    }
  }
  const json* alerts = nullptr;
  NAGAME_ASSIGN_OR_RETURN(alerts, ObjectOf(*account, "alerts", "data.actor.account", true));
  NAGAME_RETURN_IF_ERROR(ReadSearches(*alerts, "data.actor.account.alerts", out));
  return out;
}

// Every page of one search of one account.
Status ReadAccount(const net::HttpClient& http, const std::string& base_url, const std::string& key,
                   int64_t account, const char* query, bool conditions,
                   std::vector<NerdGraphPage>& out) {
  const std::string request = "account " + std::to_string(account) + ": " + kRequest;
  return FollowPages(request, [&](const std::string& cursor) -> Result<std::optional<std::string>> {
    json variables = {{"accountId", account}};
    variables["cursor"] = cursor.empty() ? json() : json(cursor);
    json body;
    NAGAME_ASSIGN_OR_RETURN(
        body, Prefixed("account " + std::to_string(account),
                       SendJson(http,
                                {.method = "POST",
                                 .base_url = base_url,
                                 .target = kTarget,
                                 .headers = {{"API-Key", key}},
                                 .body = json{{"query", query}, {"variables", variables}}.dump()},
                                GraphQLErrors)));
    NerdGraphPage page;
    NAGAME_ASSIGN_OR_RETURN(page, ParseNerdGraphPage(body, request));
    if (page.account == 0) page.account = account;
    std::optional<std::string> next = conditions ? page.conditions_cursor : page.policies_cursor;
    if (!next) {
      return MalformedAnswerOf(request, InvalidArgument(conditions ? "nrqlConditionsSearch is "
                                                                     "missing"
                                                                   : "policiesSearch is missing"));
    }
    out.push_back(std::move(page));
    return next;
  });
}

}  // namespace

std::string NerdGraphUrl(std::string_view region) {
  return region == "EU" ? "https://api.eu.newrelic.com" : "https://api.newrelic.com";
}

Result<NerdGraphPage> ParseNerdGraphPage(const json& body, std::string_view request) {
  if (std::string errors = GraphQLErrors(body); !errors.empty()) {
    return Unavailable(std::string(request) + ": " + errors);
  }
  auto page = ParsePage(body);
  if (!page.ok()) return MalformedAnswerOf(request, page.status());
  return page;
}

std::vector<rules::DefinedRule> NewRelicRules(const std::vector<NerdGraphPage>& pages) {
  std::map<std::pair<int64_t, std::string>, std::string> policy_names;
  for (const NerdGraphPage& p : pages) {
    for (const auto& [id, name] : p.policies) policy_names[{p.account, id}] = name;
  }
  std::vector<rules::DefinedRule> out;
  for (const NerdGraphPage& p : pages) {
    for (const NerdGraphPage::Condition& c : p.conditions) {
      rules::DefinedRule r;
      r.source = kSource;
      r.definition = c.definition;
      auto policy = policy_names.find({p.account, c.policy_id});
      if (policy != policy_names.end() && !policy->second.empty()) {
        r.definition.group = policy->second;
        r.definition.name = policy->second + " / " + c.definition.name;
      } else if (!c.policy_id.empty()) {
        r.definition.group = "policy " + c.policy_id;
      }
      r.definition.file =
          p.account ? "New Relic account " + std::to_string(p.account) : std::string("New Relic");
      out.push_back(std::move(r));
    }
  }
  return out;
}

Result<std::vector<rules::DefinedRule>> ReadNewRelicRules(const NewRelicConfig& config,
                                                          const net::HttpClientOptions& options) {
  auto read = [&]() -> Result<std::vector<rules::DefinedRule>> {
    std::vector<NerdGraphPage> pages;
    if (!config.conditions_file.empty()) {
      NAGAME_RETURN_IF_ERROR(ForEachSavedPage(config.conditions_file,
                                              [&](const json& answer, const std::string& where) {
                                                auto page = ParseNerdGraphPage(answer, where);
                                                if (page.ok())
                                                  pages.push_back(std::move(page).value());
                                                return page.status();
                                              }));
      return NewRelicRules(pages);
    }
    std::string key;
    NAGAME_ASSIGN_OR_RETURN(key, CurrentSecret(config.api_key, "api_key"));
    const std::string base = config.url.empty() ? NerdGraphUrl(config.region) : config.url;
    const net::HttpClient http(options);
    for (int64_t account : config.accounts) {
      NAGAME_RETURN_IF_ERROR(ReadAccount(http, base, key, account, kPoliciesQuery, false, pages));
      NAGAME_RETURN_IF_ERROR(ReadAccount(http, base, key, account, kConditionsQuery, true, pages));
    }
    return NewRelicRules(pages);
  };
  return Prefixed(kSource, read());
}

}  // namespace nagame::bot

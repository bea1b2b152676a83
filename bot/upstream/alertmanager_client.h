// Reads Alertmanager's silences (GET /api/v2/silences); the answer's decoder is a pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/net/http_client.h"
#include "rules/review_records.h"
#include "rules/status.h"

namespace nagame::bot {

// Thread-safe (stateless apart from its settings).
class AlertmanagerClient {
 public:
  // `base_url`: "http(s)://host:port[/prefix]", as in the config's alertmanager.url.
  AlertmanagerClient(std::string base_url, net::HttpClientOptions options);

  // Every silence it knows (active, pending and expired, as Alertmanager keeps them).
  // Errors: kUnavailable "GET /api/v2/silences: <cause>" (see GetJson in json_api.h).
  Result<std::vector<rules::Silence>> Silences() const;

 private:
  std::string base_url_;
  net::HttpClient http_;
};

// Decodes a /api/v2/silences answer (a JSON array of gettableSilence). Errors: kUnavailable
// "GET /api/v2/silences: malformed answer: <field>: <problem>" (e.g. "[3].endsAt: must be a
// string"). `isEqual` absent means true (Alertmanager before 0.22).
Result<std::vector<rules::Silence>> ParseSilencesAnswer(const nlohmann::json& body);

// Alertmanager's error text in an error answer (a JSON string, or {"message": …}), or "".
std::string AlertmanagerErrorText(const nlohmann::json& body);

}  // namespace nagame::bot

// Owned webhook requests for source tests.
#include "tests/support/webhook_request.h"

#include <cctype>

namespace nagame::testing {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Lookup(const std::map<std::string, std::string>& map, const std::string& key) {
  auto it = map.find(key);
  return it == map.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace

OwnedWebhookRequest::OwnedWebhookRequest(std::string body,
                                         std::map<std::string, std::string> headers,
                                         std::map<std::string, std::string> query, Time received_at)
    : body_(std::move(body)), query_(std::move(query)) {
  for (auto& [name, value] : headers) headers_[Lower(name)] = std::move(value);
  request_ = bot::WebhookRequest{
      .body = body_,
      .header = [this](std::string_view name) { return Lookup(headers_, Lower(name)); },
      .query = [this](std::string_view name) { return Lookup(query_, std::string(name)); },
      .received_at = received_at,
  };
}

bool SourceAccepts(const bot::Config& config, const std::string& source, std::string authorization,
                   std::map<std::string, std::string> headers, std::string body) {
  headers["Authorization"] = std::move(authorization);
  OwnedWebhookRequest request(std::move(body), std::move(headers));
  return config.sources.at(source)->Authenticate(request.get()).ok();
}

}  // namespace nagame::testing

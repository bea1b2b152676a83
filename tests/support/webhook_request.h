// A bot::WebhookRequest that owns its body, headers and query, for calling a configured source
// directly (Authenticate, Parse) as the webhook route would.
#pragma once

#include <map>
#include <string>

#include "bot/config.h"
#include "bot/sources/source.h"

namespace nagame::testing {

class OwnedWebhookRequest {
 public:
  // Header names are matched case-insensitively, as HTTP does.
  explicit OwnedWebhookRequest(std::string body, std::map<std::string, std::string> headers = {},
                               std::map<std::string, std::string> query = {},
                               Time received_at = Time(std::chrono::seconds(1700000000)));
  OwnedWebhookRequest(const OwnedWebhookRequest&) = delete;
  OwnedWebhookRequest& operator=(const OwnedWebhookRequest&) = delete;

  const bot::WebhookRequest& get() const { return request_; }

 private:
  std::string body_;
  std::map<std::string, std::string> headers_;  // lower-case names
  std::map<std::string, std::string> query_;
  bot::WebhookRequest request_;
};

// Whether `config`'s source `source` authenticates a request with this Authorization header
// value, these other headers and this body. REQUIRES: the source is configured.
bool SourceAccepts(const bot::Config& config, const std::string& source, std::string authorization,
                   std::map<std::string, std::string> headers = {}, std::string body = "{}");

}  // namespace nagame::testing

// Credential keys and checks shared by the sources.
#include "bot/sources/credentialed_source.h"

#include <nlohmann/json.hpp>

#include "bot/config/reader.h"

namespace nagame::bot {

std::optional<std::vector<config::Entry>> ReadSourceBlock(
    config::Reader& reader, const config::Entry& block,
    const std::vector<std::string>& extra_keys) {
  std::vector<std::string> keys = {"bearer_token", "bearer_token_file", "basic_auth", "auth"};
  keys.insert(keys.end(), extra_keys.begin(), extra_keys.end());
  return reader.Map(block.value, block.where, &keys);
}

AuthConfig ReadSourceCredentials(config::Reader& reader, const std::vector<config::Entry>& entries,
                                 const config::Entry& block, const std::string& hint) {
  return reader.Credentials(entries, block.where, "this source", hint);
}

Status CredentialedSource::Authenticate(const WebhookRequest& request) const {
  return CheckAuthorization(request.header("Authorization"), auth_);
}

std::string CredentialedSource::Challenge() const { return AuthChallenge(auth_); }

Result<rules::Delivery> CredentialedSource::Parse(const WebhookRequest& request) const {
  return parse_(request.body, request.received_at);
}

nlohmann::json CredentialedSource::Describe() const { return config::RedactedCredentials(auth_); }

std::shared_ptr<const ConfiguredSource> LoadCredentialedSource(config::Reader& reader,
                                                               const config::Entry& block,
                                                               BodyParser parse) {
  size_t problems_before = reader.problem_count();
  auto entries = ReadSourceBlock(reader, block);
  if (!entries) return nullptr;
  AuthConfig auth = ReadSourceCredentials(reader, *entries, block);
  if (reader.problem_count() != problems_before) return nullptr;
  return std::make_shared<CredentialedSource>(std::move(auth), parse);
}

}  // namespace nagame::bot

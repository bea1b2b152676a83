// The building blocks sources share: their config block read with the credential keys every
// source takes (bearer_token, basic_auth or `auth: none`) plus its own, and a ConfiguredSource
// that checks those credentials and parses with a plain function.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bot/auth/tokens.h"
#include "bot/sources/source.h"

namespace nagame::bot {

// Parses one delivery's body (see ConfiguredSource::Parse).
using BodyParser = Result<rules::Delivery> (*)(std::string_view body, Time received_at);

// A source block's entries: the credential keys plus `extra_keys`; unknown keys are reported.
// nullopt when the block is not a mapping.
std::optional<std::vector<config::Entry>> ReadSourceBlock(
    config::Reader& reader, const config::Entry& block,
    const std::vector<std::string>& extra_keys = {});

// The sender's credentials from a block read by ReadSourceBlock: exactly one of bearer_token,
// basic_auth or `auth: none`. `hint` ends the "no credentials" problem.
AuthConfig ReadSourceCredentials(config::Reader& reader, const std::vector<config::Entry>& entries,
                                 const config::Entry& block, const std::string& hint = "");

// A source whose sender authenticates with an Authorization header (bearer or basic) or not at
// all (`auth: none`). Subclasses add their own checks and settings.
class CredentialedSource : public ConfiguredSource {
 public:
  CredentialedSource(AuthConfig auth, BodyParser parse) : auth_(std::move(auth)), parse_(parse) {}

  Status Authenticate(const WebhookRequest& request) const override;
  std::string Challenge() const override;
  Result<rules::Delivery> Parse(const WebhookRequest& request) const override;
  nlohmann::json Describe() const override;

 protected:
  const AuthConfig& auth() const { return auth_; }

 private:
  AuthConfig auth_;
  BodyParser parse_;
};

// The loader of a source that takes only the credential keys and parses with `parse`.
std::shared_ptr<const ConfiguredSource> LoadCredentialedSource(config::Reader& reader,
                                                               const config::Entry& block,
                                                               BodyParser parse);

}  // namespace nagame::bot

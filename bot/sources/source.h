// A webhook source: one alerting system that POSTs to /webhooks/{name}. Each source is one
// file that reads its own `sources.<name>` config block and, configured, authenticates a
// request and turns its raw body into a normalised rules::Delivery; plus one line in
// registry.cc. The registry is the only list of sources: config validation, the webhook route
// and the docs all ask it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "rules/alert_event.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot {

namespace config {
class Reader;
struct Entry;
}  // namespace config

// One webhook request as a source sees it.
struct WebhookRequest {
  std::string_view body;
  // The value of header `name` (case-insensitive), "" when absent.
  std::function<std::string_view(std::string_view name)> header;
  // The decoded query parameter `name` (`?token=…`), "" when absent.
  std::function<std::string_view(std::string_view name)> query;
  Time received_at;
};

// A source as configured: its credentials and settings. Immutable and thread-safe.
class ConfiguredSource {
 public:
  virtual ~ConfiguredSource() = default;

  // Checks the request's credentials (constant-time comparisons). Errors: kUnauthenticated,
  // with a message that names no secret and no presented credential.
  virtual Status Authenticate(const WebhookRequest& request) const = 0;
  // The WWW-Authenticate challenge for a 401, or "" for none.
  virtual std::string Challenge() const { return {}; }
  // Parses one delivery. Errors: kInvalidArgument with field() naming the offending field.
  virtual Result<rules::Delivery> Parse(const WebhookRequest& request) const = 0;
  // The settings for the startup log, every secret as "<redacted>".
  virtual nlohmann::json Describe() const = 0;
};

struct Source {
  std::string_view name;  // the {source} in POST /webhooks/{source}, e.g. "alertmanager"
  // Reads the source's config block (`block.value`; its key path in `block.where`), reporting
  // every problem to `reader`. Returns nullptr when the block has problems.
  std::shared_ptr<const ConfiguredSource> (*load)(config::Reader& reader,
                                                  const config::Entry& block);
};

// The source registered under `name`, or nullptr.
const Source* FindSource(std::string_view name);

// Every registered source, in registration order.
const std::vector<Source>& AllSources();

// The names of AllSources(), in order.
std::vector<std::string> SourceNames();

}  // namespace nagame::bot

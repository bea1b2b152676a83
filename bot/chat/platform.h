// A chat platform: where people type /nagame commands and where the weekly summary is posted.
// Each platform is one folder (bot/chat/<name>/) whose Platform entry names it, lists its
// endpoints and reads its own `chat.<name>` config block; configured, it answers the requests
// the platform sends to POST /chat/<name>/<endpoint> (verify the request, parse the command,
// render the answer) and says how to post a message there. Plus one line in
// bot/chat/registry.cc. The registry is the only list of platforms: the
// `chat` config section, `summary.post_to`, the chat routes and the docs all ask it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <nlohmann/json_fwd.hpp>

#include "bot/chat/destination.h"
#include "bot/http/handler.h"
#include "rules/clock.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot {
class ReviewService;
namespace config {
class Reader;
struct Entry;
}  // namespace config
}  // namespace nagame::bot

namespace nagame::bot::chat {

class CommandRunner;

// What every platform's endpoints answer with. The pointers must outlive the handlers.
struct ChatContext {
  ReviewService* review = nullptr;  // the commands' data
  CommandRunner* runner = nullptr;  // runs commands off the I/O threads, posts late answers
  std::string public_url;           // links to the web report; empty: no links
  // Queues the weekly summary for posting now (see CommandEnv::post_summary).
  std::function<Result<std::string>()> post_summary;
  Clock clock;  // the time replay windows are checked against
  // How long an endpoint waits for a command before it acknowledges the request and answers
  // later. Unset: each platform's own budget (within the platform's deadline); tests set zero.
  std::optional<Duration> reply_budget;
};

// A platform as configured: its secrets and settings. Immutable and thread-safe. Made with
// std::make_shared by its loader (late answers keep it alive with shared_from_this()).
class ConfiguredPlatform : public std::enable_shared_from_this<ConfiguredPlatform> {
 public:
  virtual ~ConfiguredPlatform() = default;

  // Answers POST /chat/<platform>/<endpoint>, `endpoint` one of its registry entry's. The
  // request is verified before anything else: 401 with a generic body and a
  // "chat_unauthenticated" log line (platform, peer and reason, never a secret) when it is not
  // from the platform; 400 naming the field when it is malformed. `request` is valid until the
  // coroutine completes.
  virtual boost::asio::awaitable<http::Response> Handle(std::string_view endpoint,
                                                        std::shared_ptr<const ChatContext> context,
                                                        http::RequestContext& request) const = 0;

  // Verify-request: OK when `request` comes from the platform (a signature or token checked
  // in constant time on the raw body as received; `now` for replay windows). Errors:
  // kUnauthenticated with a short reason for the log that holds no secret and no presented
  // credential. A platform that takes no requests refuses every one.
  virtual Status VerifyRequest(const http::Request& request, Time now) const = 0;

  // Post-message: where this platform posts the weekly summary, or nullopt when its block sets
  // nothing to post to (summary.post_to then leaves it out).
  virtual std::optional<Destination> SummaryDestination() const { return std::nullopt; }

  // The settings for the startup log: every secret "<redacted>" when set, null when not.
  virtual nlohmann::json Describe() const = 0;
};

// A platform's registry entry.
struct Platform {
  std::string_view name;  // the key under `chat`: "slack"
  // The requests the platform sends: POST /chat/<name>/<endpoint> for each ("commands").
  // Without a block under `chat` they are answered 404.
  std::vector<std::string_view> endpoints;
  bool posts = false;  // it can post messages: summary.post_to may name it
  // Reads the platform's config block (`block.value`; its key path in `block.where`),
  // reporting every problem to `reader`. Returns nullptr when the block has problems.
  std::shared_ptr<const ConfiguredPlatform> (*load)(config::Reader& reader,
                                                    const config::Entry& block);
};

// The platform registered under `name`, or nullptr.
const Platform* FindPlatform(std::string_view name);

// Every registered platform, in registration order.
const std::vector<Platform>& AllPlatforms();

// The names of AllPlatforms() (only those that can post, when `posting`), in order.
std::vector<std::string> PlatformNames(bool posting = false);

}  // namespace nagame::bot::chat

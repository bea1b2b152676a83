// Binds ReadUpstreams to a copy of the config.
#include "bot/review/live_upstream.h"

#include "bot/upstream/upstream_reader.h"

namespace nagame::bot {

UpstreamReader LiveUpstreamReader(const Config& config) {
  return [config](const rules::Window& window, Time now) {
    return ReadUpstreams(config, window, now);
  };
}

}  // namespace nagame::bot

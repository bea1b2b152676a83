// The upstream reader a running Nagame gives its ReviewService: bot/upstream's ReadUpstreams
// bound to the config (Prometheus and Alertmanager at the configured URLs, watch queries,
// the built-in coverage catalog). Tests construct ReviewService without it, or with their own.
#pragma once

#include "bot/config.h"
#include "bot/review/review_service.h"

namespace nagame::bot {

UpstreamReader LiveUpstreamReader(const Config& config);

}  // namespace nagame::bot

// Check input read from real upstreams, for end-to-end tests of the checks that need them.
#pragma once

#include "bot/config.h"
#include "rules/check.h"

namespace nagame::testing {

// `window` as a review window ending now (`in.now = now`), with what bot::ReadUpstreams reads
// from `config`'s Prometheus and Alertmanager: rules, silences, metric names, watch series and
// the catalog, each with its availability. No episodes.
rules::CheckInput UpstreamCheckInput(const bot::Config& config, const rules::Window& window,
                                     Time now);

}  // namespace nagame::testing

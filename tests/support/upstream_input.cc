// Check input from bot::ReadUpstreams.
#include "tests/support/upstream_input.h"

#include "bot/upstream/upstream_reader.h"

namespace nagame::testing {

rules::CheckInput UpstreamCheckInput(const bot::Config& config, const rules::Window& window,
                                     Time now) {
  bot::UpstreamSnapshot s = bot::ReadUpstreams(config, window, now);
  rules::CheckInput in;
  in.window = window;
  in.now = now;
  in.history_from = window.Previous().from;
  in.rules = std::move(s.rules);
  in.rules_availability = s.rules_availability;
  in.silences = std::move(s.silences);
  in.silences_availability = s.silences_availability;
  in.prometheus_metrics = std::move(s.prometheus_metrics);
  in.prometheus_availability = s.prometheus_availability;
  in.watch = std::move(s.watch);
  in.catalog = std::move(s.catalog);
  return in;
}

}  // namespace nagame::testing

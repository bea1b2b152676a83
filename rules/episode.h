// Episode: one continuous firing of one alert instance, as recorded (design §2).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "rules/alert_event.h"
#include "rules/episode_model.h"
#include "rules/history_math.h"
#include "rules/shared_labels.h"

namespace nagame::rules {

struct Episode {
  int64_t id = 0;
  std::string source;
  std::string rule;
  std::string fingerprint;
  // The instance's, shared by its episodes.
  SharedLabels labels;
  SharedLabels annotations;
  Time starts_at;
  std::optional<Time> ends_at;  // unset while firing
  EpisodeState state = EpisodeState::kFiring;
  int64_t notifications = 0;
  Time first_notified_at;
  Time last_notified_at;
  std::string generator_url;

  // The episode as an interval; an open one runs until `now`.
  Interval Span(Time now) const { return {starts_at, ends_at.value_or(std::max(now, starts_at))}; }
  Duration Length(Time now) const { return Span(now).length(); }
};

}  // namespace nagame::rules

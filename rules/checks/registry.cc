// The check registry: one line per check, in report order.
#include "rules/check_runner.h"
#include "rules/checks/checks.h"

namespace nagame::rules {

const std::vector<const Check*>& AllChecks() {
  static const std::vector<const Check*> kChecks = {
      &checks::NoisyVolume(),
      &checks::NoisyFlapping(),
      &checks::NoisyUnacted(),
      &checks::NoisyAlwaysFiring(),
      &checks::NoisyCoFiring(),
      &checks::NoisyScheduled(),
      &checks::NoisyRepeatSpam(),
      &checks::NoisyFeedback(),
      &checks::StaleNeverFired(),
      &checks::StaleDeadMetric(),
      &checks::StaleOrphaned(),
      &checks::StaleStuck(),
      &checks::StaleLongSilence(),
      &checks::StaleUndocumented(),
      &checks::StaleSilenceMatchesNothing(),
      &checks::StaleSilenceNoOwner(),
      &checks::MissingCoverage(),
      &checks::MissingUncaughtIncident(),
      &checks::MissingTrend(),
      &checks::MissingWatchdog(),
      &checks::WatchChange(),
      &checks::WatchAnomaly(),
      &checks::LoadOffHours(),
      &checks::LoadBudget(),
      &checks::HygieneLabels(),
  };
  return kChecks;
}

}  // namespace nagame::rules

// One accessor per check; each is defined in its own file rules/checks/<family>_<name>.cc and
// listed once in registry.cc.
#pragma once

#include "rules/check.h"

namespace nagame::rules::checks {

const Check& NoisyVolume();
const Check& NoisyFlapping();
const Check& NoisyUnacted();
const Check& NoisyAlwaysFiring();
const Check& NoisyCoFiring();
const Check& NoisyScheduled();
const Check& NoisyRepeatSpam();
const Check& NoisyFeedback();
const Check& StaleNeverFired();
const Check& StaleDeadMetric();
const Check& StaleOrphaned();
const Check& StaleStuck();
const Check& StaleLongSilence();
const Check& StaleUndocumented();
const Check& StaleSilenceMatchesNothing();
const Check& StaleSilenceNoOwner();
const Check& MissingCoverage();
const Check& MissingUncaughtIncident();
const Check& MissingTrend();
const Check& MissingWatchdog();
const Check& WatchChange();
const Check& WatchAnomaly();
const Check& LoadOffHours();
const Check& LoadBudget();
const Check& HygieneLabels();

}  // namespace nagame::rules::checks

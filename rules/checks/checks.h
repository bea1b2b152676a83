// One accessor per check; each is defined in its own file rules/checks/<family>_<name>.cc and
// listed once in registry.cc.
#pragma once

#include "rules/check.h"

namespace nagame::rules::checks {

const Check& NoisyVolume();

}  // namespace nagame::rules::checks

// The check registry: one line per check, in report order.
#include "rules/check_runner.h"
#include "rules/checks/checks.h"

namespace nagame::rules {

const std::vector<const Check*>& AllChecks() {
  static const std::vector<const Check*> kChecks = {
      &checks::NoisyVolume(),
  };
  return kChecks;
}

}  // namespace nagame::rules

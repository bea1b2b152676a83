// The system clock, read in one place.
#include "rules/clock.h"

#include <chrono>

namespace nagame {

Time SystemNow() {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

}  // namespace nagame

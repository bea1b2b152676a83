// The wall clock as a value: a component that needs "now" takes a Clock (tests inject a fixed
// one), and SystemNow is the one place that reads the system clock.
#pragma once

#include <functional>

#include "rules/time.h"

namespace nagame {

// Returns the current time. Components that take one treat an empty Clock as SystemNow.
using Clock = std::function<Time()>;

// The system clock (UTC), in nanoseconds. Thread-safe.
Time SystemNow();

}  // namespace nagame

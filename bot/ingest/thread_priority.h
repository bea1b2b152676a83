// Scheduling priority of the calling thread.
#pragma once

namespace nagame::bot {

// Makes the calling thread yield the CPU to the process's other threads: a real-time policy
// (SCHED_FIFO or SCHED_RR, e.g. inherited from `chrt`) becomes SCHED_OTHER, and the thread's
// nice value rises by `increment` (clamped to 19). Lowering priority needs no privilege.
// Best effort: on failure, or on a system without per-thread priorities, nothing changes.
void LowerThisThreadsPriority(int increment);

}  // namespace nagame::bot

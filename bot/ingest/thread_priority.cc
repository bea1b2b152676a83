// Per-thread scheduling on Linux: sched_setscheduler(0, ...) and setpriority() on the thread
// id act on the calling thread only.
#include "bot/ingest/thread_priority.h"

#include <algorithm>
#include <cerrno>

#if defined(__linux__)
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace nagame::bot {

void LowerThisThreadsPriority(int increment) {
#if defined(__linux__)
  const int policy = sched_getscheduler(0);
  if (policy == SCHED_FIFO || policy == SCHED_RR) {
    sched_param param{};
    param.sched_priority = 0;
    sched_setscheduler(0, SCHED_OTHER, &param);
  }
  if (increment <= 0) return;
  const auto tid = static_cast<id_t>(gettid());
  errno = 0;
  const int nice = getpriority(PRIO_PROCESS, tid);
  if (nice == -1 && errno != 0) return;
  setpriority(PRIO_PROCESS, tid, std::min(nice + increment, 19));
#else
  (void)increment;
#endif
}

}  // namespace nagame::bot

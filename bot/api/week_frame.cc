// WeekFrameOf.
#include "bot/api/week_frame.h"

#include "bot/review/window_spec.h"

namespace nagame::bot {

Result<WeekFrame> WeekFrameOf(const http::RequestContext& ctx, const Zone& zone, Time now,
                              const std::string& base) {
  constexpr auto kDay = std::chrono::hours(24);
  auto it = ctx.path_params.find("week");
  const std::string week = it == ctx.path_params.end() ? IsoWeekName(now, zone) : it->second;
  auto window = IsoWeekWindowOf(week, zone);
  if (!window.ok()) return InvalidArgument(window.status().message(), "week");
  if (window->from > now) return InvalidArgument("week " + week + " has not begun", "week");
  WeekFrame frame;
  frame.week = IsoWeekName(window->from, zone);
  frame.window_label = WindowLabel(*window, zone);
  frame.previous_href = base + "/" + IsoWeekName(window->from - kDay, zone);
  if (window->to <= now) {
    const std::string next = IsoWeekName(window->to + kDay, zone);
    frame.next_href = next == IsoWeekName(now, zone) ? base : base + "/" + next;
  } else {
    frame.partial = true;
    window->to = now;
  }
  frame.window = *window;
  return frame;
}

}  // namespace nagame::bot

// Review windows as people write them (design §6, §7): "7d" or "2w" back from now, an ISO week
// "2026-W47" in the configured zone, or RFC 3339 bounds; and as people read them (week names,
// local dates). Pure given `now` and the zone.
#pragma once

#include <string>
#include <string_view>

#include "bot/review/zone.h"
#include "rules/check.h"
#include "rules/status.h"

namespace nagame::bot {

// The default window: the 7 days ending at `now`.
rules::Window DefaultWindow(Time now);

// ISO week `week` of ISO year `year` in `zone`: local Monday 00:00 to the next Monday 00:00.
// Errors: kInvalidArgument when the year has no such week (weeks run 1..52 or 53).
Result<rules::Window> IsoWeekWindow(int year, int week, const Zone& zone);

// The ISO week written "2026-W47" (or "2026-w47"). Errors: kInvalidArgument otherwise.
Result<rules::Window> IsoWeekWindowOf(std::string_view text, const Zone& zone);

// "" (the default window), a duration ("7d", "2w", "36h": that long, ending at `now`), or an
// ISO week "2026-W47". Errors: kInvalidArgument (field "window") naming the accepted forms.
Result<rules::Window> ParseWindowSpec(std::string_view spec, Time now, const Zone& zone);

// Bounds given separately (query parameters, --from/--to). Each is an RFC 3339 timestamp, a
// duration meaning that long before `now`, or an ISO week (its start for `from`, its end for
// `to`). An empty `to` is `now` — or, when `from` is a week, that week's end; an empty `from`
// is 7 days before `to`. Errors: kInvalidArgument with field "from" or "to" for the bound
// that does not parse, and "from" when it is not before `to`.
Result<rules::Window> ParseWindowBounds(std::string_view from, std::string_view to, Time now,
                                        const Zone& zone);

// "2026-W48": the ISO week containing the local date of `t`.
std::string IsoWeekName(Time t, const Zone& zone);

// "Mon 11-23 → Sun 11-29, Asia/Tokyo" (local dates of the window's first and last instant).
std::string WindowLabel(const rules::Window& window, const Zone& zone);

// "11-18": the local month-day of `t`.
std::string LocalMonthDay(Time t, const Zone& zone);

}  // namespace nagame::bot

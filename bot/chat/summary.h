// The weekly summary that opens the review (issue #4 §5, design §6): totals versus last week,
// the top noisy rules with their fix and replay, stale and missing suggestions, changes to
// discuss (improvements too), last week's decisions with what happened since, and a link to
// the week's web report. Built only from ReviewService (the JSON API's code path) as a
// platform-neutral Answer; the renderers fit it into each platform's limits.
#pragma once

#include <cstddef>
#include <string>

#include "bot/chat/answer.h"
#include "bot/review/zone.h"
#include "rules/check.h"
#include "rules/status.h"

namespace nagame::bot {
class ReviewService;
}

namespace nagame::bot::chat {

struct SummaryOptions {
  std::string public_url;      // empty: no link
  size_t max_per_section = 5;  // findings listed per section before "… and N more"
  size_t max_buttons = 3;      // noisy rules that get decision buttons
};

// The last complete ISO week (local Monday 00:00 to Monday 00:00 in `zone`) before `now`.
rules::Window SummaryWeek(Time now, const Zone& zone);

// The summary of `week`. Errors: those of ReviewService::Inventory, Suggestions, Decisions
// (kUnavailable when the store cannot be read).
Result<Answer> BuildWeeklySummary(ReviewService& review, const rules::Window& week,
                                  const SummaryOptions& options);

}  // namespace nagame::bot::chat

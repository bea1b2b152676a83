// What `nagame inventory` and `nagame suggest` share: their flags, and running a rendering
// against a ReviewService opened from the config.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "bot/review/review_render.h"
#include "bot/review/review_service.h"

namespace nagame::bot {

struct ReviewCliOptions {
  std::string config = "nagame.yaml";
  std::string from;  // RFC 3339, 2026-W47 or 7d; empty: default window
  std::string to;
  std::string format = "table";
  std::string now;  // RFC 3339: evaluate as of this time (reproducible reports); empty: clock
};

// Adds --config/-c, --from, --to, --format and --now to `app`, writing into `options`.
// REQUIRES: `options` outlives the parse.
void AddReviewOptions(CLI::App* app, ReviewCliOptions* options);

// The output of one review command, or why there is none.
using ReviewRender = std::function<Result<std::string>(
    ReviewService& service, const rules::Window& window, OutputFormat format)>;

// Loads the config, opens the review service on its (existing) database, parses the window
// and format, and prints render(...) to stdout. Errors go to stderr as "nagame: <message>";
// returns kExitUsage for a bad config, window or format, kExitFailure when the database is
// missing or cannot be read, kExitOk otherwise.
int RunReviewCommand(const ReviewCliOptions& options, const ReviewRender& render);

}  // namespace nagame::bot

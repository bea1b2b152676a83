// summary [preview|post]: the weekly summary of the last complete week, shown to the asker or
// queued for posting to the configured destinations.
#include "bot/chat/command_runs.h"
#include "bot/chat/summary.h"
#include "bot/review/review_service.h"

namespace nagame::bot::chat::internal {

Answer RunSummary(const ParsedArgs& args, const Invocation&, CommandEnv& env) {
  const std::string mode = args.words.empty() ? "preview" : args.words[0];
  if (mode == "post") {
    if (!env.post_summary) {
      return Say("Posting the summary is not configured.",
                 "Set summary.post_to in the configuration.");
    }
    auto where = env.post_summary();
    if (!where.ok()) return ErrorAnswer(where.status(), "summary");
    return Say("Summary queued for " + *where + ".");
  }
  if (mode != "preview") {
    return Say("Usage: " + env.command_name + " summary [preview|post]");
  }
  SummaryOptions options;
  options.public_url = env.public_url;
  auto answer =
      BuildWeeklySummary(*env.review, SummaryWeek(env.review->Now(), env.review->zone()), options);
  if (!answer.ok()) return ErrorAnswer(answer.status(), "summary");
  answer->in_channel = false;  // a preview is for the asker only
  return std::move(answer).value();
}

}  // namespace nagame::bot::chat::internal

// `nagame suggest`: the window's findings (design §5) with their fixes.
#include <memory>
#include <optional>

#include "bot/commands/command.h"
#include "bot/commands/review_cli.h"

namespace nagame::bot {

Command AddSuggestCommand(CLI::App& cli) {
  auto options = std::make_shared<ReviewCliOptions>();
  auto category = std::make_shared<std::string>();
  CLI::App* app = cli.add_subcommand("suggest", "Noisy, stale and missing rules, with fixes");
  AddReviewOptions(app, options.get());
  app->add_option("--category", *category, "noisy, stale, missing, watch, load or hygiene");
  return {app, [options, category] {
            return RunReviewCommand(
                *options,
                [category](ReviewService& s, const rules::Window& w,
                           OutputFormat f) -> Result<std::string> {
                  std::optional<rules::Category> only;
                  if (!category->empty()) {
                    only = rules::ParseCategory(*category);
                    if (!only) {
                      return InvalidArgument(
                          "must be one of noisy, stale, missing, watch, load, hygiene", "category");
                    }
                  }
                  NAGAME_ASSIGN_OR_RETURN(rules::CheckReport report, s.Suggestions(w, only));
                  return RenderSuggestions(w, report, f, s.zone().name());
                });
          }};
}

}  // namespace nagame::bot

// `nagame inventory`: the window's inventory (design §4) as a table, JSON or Markdown.
#include <memory>

#include "bot/commands/command.h"
#include "bot/commands/review_cli.h"

namespace nagame::bot {

Command AddInventoryCommand(CLI::App& cli) {
  auto options = std::make_shared<ReviewCliOptions>();
  CLI::App* app = cli.add_subcommand("inventory", "Every rule's numbers for a window");
  AddReviewOptions(app, options.get());
  return {app, [options] {
            return RunReviewCommand(*options,
                                    [](ReviewService& s, const rules::Window& w,
                                       OutputFormat f) -> Result<std::string> {
                                      NAGAME_ASSIGN_OR_RETURN(rules::Inventory inv, s.Inventory(w));
                                      return RenderInventory(inv, f, s.zone().name());
                                    });
          }};
}

}  // namespace nagame::bot

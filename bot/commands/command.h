// CLI subcommands beyond `serve`: each file adds one subcommand to the CLI11 app and returns
// how to run it; bot/cli.cc lists them once. Exit codes: 0 success, 1 the command found
// problems or failed at run time, 2 usage errors (bad flags, config, window or format).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace nagame::bot {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct Command {
  CLI::App* app = nullptr;   // owned by the CLI11 app it was added to
  std::function<int()> run;  // called when `app` was the parsed subcommand
};

// `nagame inventory [--config FILE] [--from X] [--to Y] [--format table|json|markdown]`
Command AddInventoryCommand(CLI::App& cli);
// `nagame suggest [--config FILE] [--from X] [--to Y] [--category C] [--format …]`
Command AddSuggestCommand(CLI::App& cli);
// `nagame lint FILES…`: parse errors (file:line:column) and stale/undocumented findings;
// exit 1 when there are any, 0 when clean, 2 without files.
Command AddLintCommand(CLI::App& cli);
// `nagame summary --config FILE --dry-run | --post`: the weekly summary of the last complete
// week, printed as text, or queued in the outbox and sent now (what is not delivered stays in
// the outbox, where a running `nagame serve` retries it).
Command AddSummaryCommand(CLI::App& cli);
// `nagame seed-demo --config FILE [--rule-file PATH] [--now T]`: the demo's made-up history
// (bot/demo/demo_history.h) stored through the real store and review paths, only into a
// database without deliveries (so a second run changes nothing); writes the demo rule file to
// PATH each time.
Command AddSeedDemoCommand(CLI::App& cli);

}  // namespace nagame::bot

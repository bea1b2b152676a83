// `nagame summary --config FILE --dry-run | --post`: the weekly summary of the last complete
// week, printed as text, or queued in the outbox and sent now (what is not delivered stays in
// the outbox, where a running `nagame serve` retries it).
#pragma once

#include "bot/commands/command.h"

namespace nagame::bot {

Command AddSummaryCommand(CLI::App& cli);

}  // namespace nagame::bot

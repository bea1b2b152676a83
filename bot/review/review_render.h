// The review as people read it outside chat: `nagame inventory` and `nagame suggest` output
// in table (terminal), json (the API's shapes) or markdown (for a wiki page or a PR comment).
// Pure functions of their input; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "rules/check_runner.h"
#include "rules/inventory.h"
#include "rules/status.h"

namespace nagame::bot {

enum class OutputFormat { kTable, kJson, kMarkdown };

// "table", "json", "markdown". Errors: kInvalidArgument (field "format").
Result<OutputFormat> ParseOutputFormat(std::string_view name);

// The inventory: a title line with the window (and `zone_name`, the configured zone), then
// one row per rule (rule, source, severity, team, episodes, change, instances, firing time,
// median and p90 duration, re-fires, acks, last decision, checks). JSON: rules::ToJson.
std::string RenderInventory(const rules::Inventory& inventory, OutputFormat format,
                            std::string_view zone_name);

// The suggestions, grouped by category in report order, each with its summary, fix (with the
// YAML snippet and the replay when there is one), then the checks unable to run.
// JSON: bot::SuggestionsJson.
std::string RenderSuggestions(const rules::Window& window, const rules::CheckReport& report,
                              OutputFormat format, std::string_view zone_name);

}  // namespace nagame::bot

// One-line texts of review data for chat and the CLI (the tone of
// shared/examples/chat-answers.md: numbers first, the fix stated so it can be acted on).
// Shared by the commands and the weekly summary; pure.
#pragma once

#include <string>

#include "rules/check.h"
#include "rules/inventory.h"
#include "rules/problem.h"

namespace nagame::bot::chat {

// "PodRestartsHigh (alertmanager, warning, team=shop) — 63 episodes (was 12) on 12 instances,
// median 2m10s, p90 4m40s, 3 acks · noisy/volume, noisy/flapping"
std::string InventoryLine(const rules::InventoryRow& row);

// "63 episodes (was 12)": the change versus the window before.
std::string EpisodesVersus(int64_t now, int64_t before);

// "PodRestartsHigh — 63 episodes in 7d (was 12). Fix: set for: 10m: would have removed 52 of
// 63 notifications, …" (rule omitted when the finding is about no rule). The checks write a
// timing fix's replay figures into its text, so they are shown with it.
std::string ProblemLine(const rules::Problem& problem);

}  // namespace nagame::bot::chat

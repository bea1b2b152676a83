// The weekly meeting's agenda (issue 16): the rules that fired or have findings in the window,
// in the order the meeting takes them (rules with findings first, then most episodes), each
// with the figures its charts draw. Pure: plain values in, no clock, no store.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/check.h"
#include "rules/check_runner.h"
#include "rules/inventory.h"

namespace nagame::rules {

// Upper bounds of the duration histogram's buckets; the last bucket holds everything longer.
inline constexpr std::array<Duration, 8> kDurationBucketBounds = {
    std::chrono::minutes(1),  std::chrono::minutes(2),  std::chrono::minutes(5),
    std::chrono::minutes(10), std::chrono::minutes(30), std::chrono::hours(1),
    std::chrono::hours(4),    std::chrono::hours(24)};
inline constexpr size_t kDurationBuckets = kDurationBucketBounds.size() + 1;

// Two episodes of different rules start this close together: the rules co-fire.
inline constexpr Duration kCoFiringGap = std::chrono::minutes(2);
inline constexpr size_t kMaxPartners = 5;

struct AgendaItem {
  InventoryRow row;               // the window's figures and last week's count
  std::vector<Problem> problems;  // the window's findings on this rule, as the report orders them
  // Episodes started per local day over the input's whole history (history_from .. window.to),
  // oldest first: the sparkline.
  std::vector<int64_t> daily_starts;
  // Episodes started in the window by local weekday (0 = Monday) and hour: the heat map.
  std::array<std::array<int64_t, 24>, 7> weekday_hour{};
  // Episodes of the window by length, per kDurationBucketBounds bucket: the histogram.
  std::array<int64_t, kDurationBuckets> duration_counts{};
  std::optional<Duration> current_for;   // the definition's `for:`, when defined
  std::optional<Duration> proposed_for;  // a finding's replayed "for: …" change, if any
  // Rules whose episodes started within kCoFiringGap of this rule's, with how many of this
  // rule's window episodes had such a partner; most first, at most kMaxPartners.
  std::vector<std::pair<std::string, int64_t>> partners;
  std::optional<DefinedRule> definition;
  std::vector<Decision> decisions;  // every recorded one for this rule, oldest first
  std::vector<Ack> acks;            // the window's, oldest first
};

// The agenda for `in.window`: one item per inventory row that has episodes in the window or a
// finding in `report`. `inventory` and `report` are those built from `in`.
std::vector<AgendaItem> BuildAgenda(const CheckInput& in, const Inventory& inventory,
                                    const CheckReport& report);

// The items of one rule (one per source the inventory has it under), figured as BuildAgenda
// does, whether or not it fired or has findings; empty when the inventory has no such rule.
std::vector<AgendaItem> RuleAgendaItems(const CheckInput& in, const Inventory& inventory,
                                        const CheckReport& report, std::string_view rule);

}  // namespace nagame::rules

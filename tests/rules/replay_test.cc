// rules/replay: timing fixes derived from seeded histories where the right value is known,
// scored on both sides: notifications saved, and what the labelled episodes would have lost.
#include "rules/replay.h"

#include <gtest/gtest.h>

#include "tests/support/check_harness.h"
#include "tests/support/history_builder.h"

namespace nagame::rules {
namespace {

using namespace std::chrono_literals;
using testing::HistoryBuilder;
using testing::Week;

std::vector<const Episode*> All(const CheckInput& in) {
  std::vector<const Episode*> out;
  for (const Episode& e : in.episodes) out.push_back(&e);
  return out;
}

// A flap every 2 minutes: 30 s firing, 90 s resolved, 40 times; then `outage` if set.
CheckInput Flaps(const Window& week, std::optional<Duration> outage = std::nullopt) {
  HistoryBuilder h(week);
  h.Rule("Flappy").StartingAt(week.from + 1h).Every(2min).For(30s).Times(40);
  if (outage) h.Rule("Flappy").Episode(week.from + 50h, *outage);
  return h.Build();
}

TEST(Replay, FlapsWith90sGapsAreSuppressedByTheSmallestForThatOutlastsThem) {
  const Window week = Week("2026-11-23");
  const CheckInput in = Flaps(week);
  const auto suggested = SuggestFor(All(in), 0s, {}, in.now);
  ASSERT_TRUE(suggested);
  EXPECT_EQ(*suggested, 1min);  // 30 s episodes never last a 1m for:
  const Replay r = ReplayTiming(All(in), {0s, *suggested}, {}, in.now);
  EXPECT_EQ(r.episodes_after, 0);
  EXPECT_EQ(r.detection_delay, 1min);
}

TEST(Replay, ARealOutageStillFiresAndTheReplaySaysHowMuchLater) {
  const Window week = Week("2026-11-23");
  const CheckInput in = Flaps(week, 2h);
  const Episode* outage = nullptr;
  for (const Episode& e : in.episodes)
    if (e.Length(in.now) == 2h) outage = &e;
  ASSERT_TRUE(outage);
  const std::set<int64_t> labelled = {outage->id};
  const auto suggested = SuggestFor(All(in), 0s, labelled, in.now);
  ASSERT_TRUE(suggested);
  const Replay r = ReplayTiming(All(in), {0s, *suggested}, labelled, in.now);
  EXPECT_EQ(r.episodes_before, 41);
  EXPECT_EQ(r.episodes_after, 1);
  EXPECT_EQ(r.acked_episodes, 1);
  EXPECT_EQ(r.acked_episodes_lost, 0);
  EXPECT_EQ(r.detection_delay, 1min);
  EXPECT_EQ(DescribeReplay(r),
            "would have removed 40 of 41 notifications, alerting 1m later, losing 0 of 1 acked "
            "episodes (1 still fired, 1m later)");
}

TEST(Replay, AProposalThatLosesALabelledEpisodeIsNeverMade) {
  const Window week = Week("2026-11-23");
  // A short outage someone acked: 50 s. Every for: that removes the flaps (1m or more) loses it.
  const CheckInput in = Flaps(week, 50s);
  std::set<int64_t> labelled;
  for (const Episode& e : in.episodes)
    if (e.Length(in.now) == 50s) labelled.insert(e.id);
  ASSERT_EQ(labelled.size(), 1u);
  EXPECT_FALSE(SuggestFor(All(in), 0s, labelled, in.now));
  // The same proposal, replayed, shows the loss that rules it out.
  EXPECT_EQ(ReplayTiming(All(in), {0s, 1min}, labelled, in.now).acked_episodes_lost, 1);
}

TEST(Replay, FlappingHoldsAcrossObservedGapsWhenEveryShortEpisodeWasLabelled) {
  const Window week = Week("2026-11-23");
  CheckInput in = Flaps(week);
  int64_t ack = 0;
  for (const Episode& e : in.episodes)
    in.acks.push_back({++ack, "", "Flappy", e.id, "mori", "", e.starts_at});
  const auto findings = testing::Findings("noisy/flapping", in);
  ASSERT_EQ(findings.size(), 1u);
  ASSERT_TRUE(findings[0].fix.replay);
  const Replay& r = *findings[0].fix.replay;
  EXPECT_EQ(r.change, "keep_firing_for: 2m");  // the 90 s gaps, to the next minute
  EXPECT_EQ(r.acked_episodes_lost, 0);
  EXPECT_EQ(r.detection_delay, 0s);
  EXPECT_EQ(r.notifications_after, 1);  // one held firing
}

}  // namespace
}  // namespace nagame::rules

// Tests for the episode state machine (design §3): one line per case.
#include "rules/episode_model.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace nagame::rules {
namespace {

using std::nullopt;
constexpr auto kFiring = EpisodeState::kFiring;
constexpr auto kResolved = EpisodeState::kResolved;
constexpr auto kExpired = EpisodeState::kExpired;

// Times are seconds after an arbitrary origin.
Time At(int seconds) {
  return FromUnixNanos(1'800'000'000'000'000'000) + std::chrono::seconds(seconds);
}

// A known episode: id, start, end (nullopt while open), state, last notification.
struct Ep {
  int64_t id;
  int starts;
  std::optional<int> ends;
  EpisodeState state;
  int last;
  KnownEpisode Known() const {
    KnownEpisode k;
    k.id = id;
    k.starts_at = At(starts);
    if (ends) k.ends_at = At(*ends);
    k.state = state;
    k.last_notified_at = At(last);
    return k;
  }
};

struct Case {
  const char* name;
  // History.
  std::optional<Ep> exact;
  std::vector<Ep> open;
  std::optional<Ep> newer;
  // Notification: status, startsAt, endsAt, received.
  AlertStatus status;
  int starts;
  std::optional<int> ends;
  int received;
  // Expected update.
  EpisodeAction action;
  std::optional<int64_t> episode_id;
  EpisodeState state;
  std::optional<int> ends_at;
  std::vector<std::pair<int64_t, int>> expire;  // (episode id, ends at)
};

constexpr auto F = AlertStatus::kFiring;
constexpr auto R = AlertStatus::kResolved;
using A = EpisodeAction;

// clang-format off
const Case kCases[] = {
    // name, exact, open, newer, status, starts, ends, received, action, id, state, ends_at, expire
    {"FiringUnknownOpens", nullopt, {}, nullopt, F, 100, nullopt, 105, A::kOpen, nullopt, kFiring, nullopt, {}},
    {"FiringOpenExtends", Ep{1, 100, nullopt, kFiring, 105}, {Ep{1, 100, nullopt, kFiring, 105}}, nullopt, F, 100, nullopt, 115, A::kExtend, 1, kFiring, nullopt, {}},
    {"FiringAfterResolvedIsStale", Ep{1, 100, 110, kResolved, 110}, {}, nullopt, F, 100, nullopt, 126, A::kNotifyOnly, 1, kResolved, 110, {}},
    {"FiringExpiredReopens", Ep{1, 100, 105, kExpired, 105}, {}, nullopt, F, 100, nullopt, 50000, A::kReopen, 1, kFiring, nullopt, {}},
    {"FiringExpiredWithNewerStaysExpired", Ep{1, 100, 105, kExpired, 105}, {}, Ep{2, 200, nullopt, kFiring, 200}, F, 100, nullopt, 300, A::kNotifyOnly, 1, kExpired, 105, {}},
    {"ResolvedOpenCloses", Ep{1, 100, nullopt, kFiring, 105}, {Ep{1, 100, nullopt, kFiring, 105}}, nullopt, R, 100, 110, 111, A::kResolve, 1, kResolved, 110, {}},
    {"ResolvedWithoutEndsAtEndsOnArrival", Ep{1, 100, nullopt, kFiring, 105}, {Ep{1, 100, nullopt, kFiring, 105}}, nullopt, R, 100, nullopt, 111, A::kResolve, 1, kResolved, 111, {}},
    {"ResolvedExpiredCloses", Ep{1, 100, 105, kExpired, 105}, {}, nullopt, R, 100, 130, 131, A::kResolve, 1, kResolved, 130, {}},
    {"ResolvedTwiceIsNotifyOnly", Ep{1, 100, 110, kResolved, 110}, {}, nullopt, R, 100, 110, 126, A::kNotifyOnly, 1, kResolved, 110, {}},
    {"ResolvedAsFirstNewsRecordsEpisode", nullopt, {}, nullopt, R, 100, 105, 120, A::kRecordResolved, nullopt, kResolved, 105, {}},
    {"NewerStartExpiresOlderAtItsLastNotification", nullopt, {Ep{1, 100, nullopt, kFiring, 108}}, nullopt, F, 120, nullopt, 120, A::kOpen, nullopt, kFiring, nullopt, {{1, 108}}},
    {"OlderNeverEndsAfterNewerStarts", nullopt, {Ep{1, 100, nullopt, kFiring, 130}}, nullopt, F, 120, nullopt, 131, A::kOpen, nullopt, kFiring, nullopt, {{1, 120}}},
    {"ResolvedFirstNewsAlsoExpiresOlder", nullopt, {Ep{1, 100, nullopt, kFiring, 108}}, nullopt, R, 120, 125, 126, A::kRecordResolved, nullopt, kResolved, 125, {{1, 108}}},
    {"ExtendExpiresOlderOpen", Ep{2, 120, nullopt, kFiring, 121}, {Ep{1, 100, nullopt, kFiring, 108}, Ep{2, 120, nullopt, kFiring, 121}}, nullopt, F, 120, nullopt, 130, A::kExtend, 2, kFiring, nullopt, {{1, 108}}},
    {"ResolveExpiresOlderOpen", Ep{2, 120, nullopt, kFiring, 121}, {Ep{1, 100, nullopt, kFiring, 108}, Ep{2, 120, nullopt, kFiring, 121}}, nullopt, R, 120, 125, 126, A::kResolve, 2, kResolved, 125, {{1, 108}}},
    {"FiringOlderThanKnownRecordsExpired", nullopt, {Ep{2, 200, nullopt, kFiring, 200}}, Ep{2, 200, nullopt, kFiring, 200}, F, 100, nullopt, 210, A::kRecordExpired, nullopt, kExpired, 200, {}},
    {"ResolvedOlderThanKnownRecordsResolved", nullopt, {}, Ep{2, 200, 210, kResolved, 210}, R, 100, 110, 220, A::kRecordResolved, nullopt, kResolved, 110, {}},
    {"ResolvedOlderWithoutEndsAtEndsAtNewerStart", nullopt, {}, Ep{2, 200, 210, kResolved, 210}, R, 100, nullopt, 220, A::kRecordResolved, nullopt, kResolved, 200, {}},
    {"ResolveWithNewerKnownExpiresNothing", Ep{1, 100, 105, kExpired, 105}, {Ep{3, 50, nullopt, kFiring, 60}}, Ep{2, 200, nullopt, kFiring, 200}, R, 100, 110, 220, A::kResolve, 1, kResolved, 110, {}},
    // The sender's clock runs ahead of ours: ends never precede starts.
    {"SkewResolvedWithoutEndsAtEndsAtStart", Ep{1, 100, nullopt, kFiring, 99}, {Ep{1, 100, nullopt, kFiring, 99}}, nullopt, R, 100, nullopt, 98, A::kResolve, 1, kResolved, 100, {}},
    {"SkewRecordedResolvedEndsAtStart", nullopt, {}, nullopt, R, 100, nullopt, 98, A::kRecordResolved, nullopt, kResolved, 100, {}},
    {"SkewExpiryEndsAtOlderStart", nullopt, {Ep{1, 100, nullopt, kFiring, 99}}, nullopt, F, 120, nullopt, 119, A::kOpen, nullopt, kFiring, nullopt, {{1, 100}}},
};
// clang-format on

TEST(DecideEpisodeUpdate, Table) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    InstanceHistory h;
    if (c.exact) h.exact = c.exact->Known();
    for (const Ep& e : c.open) h.open.push_back(e.Known());
    if (c.newer) h.next_newer = c.newer->Known();
    AlertEvent alert;
    alert.rule = "R";
    alert.fingerprint = "f";
    alert.status = c.status;
    alert.starts_at = At(c.starts);
    if (c.ends) alert.ends_at = At(*c.ends);

    const EpisodeUpdate u = DecideEpisodeUpdate(alert, h, At(c.received));

    EXPECT_STREQ(EpisodeActionName(u.action), EpisodeActionName(c.action));
    EXPECT_EQ(u.episode_id, c.episode_id);
    EXPECT_STREQ(EpisodeStateName(u.state), EpisodeStateName(c.state));
    EXPECT_EQ(u.ends_at, c.ends_at ? std::optional<Time>(At(*c.ends_at)) : std::nullopt);
    std::vector<std::pair<int64_t, Time>> want, got;
    for (const auto& [id, ends] : c.expire) want.emplace_back(id, At(ends));
    for (const Expiry& x : u.expire) got.emplace_back(x.episode_id, x.ends_at);
    EXPECT_EQ(got, want);
  }
}

TEST(IsExpiredAt, StrictlyMoreThanExpireAfter) {
  const Duration twelve_hours = std::chrono::hours(12);
  EXPECT_FALSE(IsExpiredAt(At(0), At(0), twelve_hours));
  EXPECT_FALSE(IsExpiredAt(At(0), At(12 * 3600), twelve_hours));
  EXPECT_TRUE(IsExpiredAt(At(0), At(12 * 3600 + 1), twelve_hours));
}

TEST(EpisodeNames, RoundTrip) {
  for (EpisodeState s : {kFiring, kResolved, kExpired}) {
    EXPECT_EQ(ParseEpisodeState(EpisodeStateName(s)), s);
  }
  EXPECT_EQ(ParseEpisodeState("open"), std::nullopt);
  EXPECT_EQ(ParseEpisodeState(""), std::nullopt);
}

}  // namespace
}  // namespace nagame::rules

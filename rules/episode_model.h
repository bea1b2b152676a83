// The episode model (design §2–3): how one alert notification changes the firing history of
// its alert instance. Pure: storage loads what it knows, asks DecideEpisodeUpdate, applies it.
//
// An episode is identified by (source, fingerprint, starts_at). Rules, in order:
//  - firing, episode open       → extend (a repeat, retry or HA duplicate: a notification only)
//  - firing, episode resolved   → stale delivery (lagging HA peer): a notification only, never a
//                                 re-open (Prometheus gives a re-fired alert a new startsAt)
//  - firing, episode expired    → re-open, unless a newer episode of the instance exists
//  - firing, unknown episode    → open; older open episodes of the instance expire
//  - resolved, episode open or expired → resolve with the sender's endsAt
//  - resolved, episode resolved → a notification only
//  - resolved, unknown episode  → record the complete episode (resolved as first news)
//  - any news about an episode older than a known newer one that is itself unknown is recorded
//    as an expired episode ending where the newer one starts.
// An end is never before its episode's start (the sender's clock, which sets starts_at, and
// ours, which sets received_at and last_notified_at, may disagree).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "rules/alert_event.h"

namespace nagame::rules {

enum class EpisodeState { kFiring, kResolved, kExpired };
const char* EpisodeStateName(EpisodeState s);  // "firing" | "resolved" | "expired"
std::optional<EpisodeState> ParseEpisodeState(std::string_view name);

// What storage knows about one episode of an alert instance.
struct KnownEpisode {
  int64_t id = 0;
  Time starts_at;
  std::optional<Time> ends_at;
  EpisodeState state = EpisodeState::kFiring;
  Time last_notified_at;
};

// The episodes of one alert instance that matter for a notification with start time S:
// the one starting exactly at S, every open one, and the earliest one starting after S.
struct InstanceHistory {
  std::optional<KnownEpisode> exact;
  std::vector<KnownEpisode> open;  // state == kFiring, any start
  std::optional<KnownEpisode> next_newer;
};

enum class EpisodeAction {
  kOpen,            // insert a new firing episode
  kExtend,          // notification for an open episode
  kReopen,          // expired episode fires again: back to firing, ends_at cleared
  kResolve,         // close the episode: state resolved, ends_at = sender's endsAt
  kRecordResolved,  // insert a complete resolved episode (resolved as first news)
  kRecordExpired,   // insert an expired episode (news of an episode older than a known one)
  kNotifyOnly,      // stale firing after resolved, repeated resolved: notification only
};
const char* EpisodeActionName(EpisodeAction a);

// An older open episode to close as expired at `ends_at`.
struct Expiry {
  int64_t episode_id;
  Time ends_at;
};

struct EpisodeUpdate {
  EpisodeAction action = EpisodeAction::kNotifyOnly;
  // The episode the notification belongs to; unset when action inserts a new one.
  std::optional<int64_t> episode_id;
  // The state and end of the episode after the update (for inserts and changes).
  EpisodeState state = EpisodeState::kFiring;
  std::optional<Time> ends_at;
  std::vector<Expiry> expire;
};

// Decides how `alert` (received at `received_at`) changes `history`. A resolved alert without
// endsAt is taken to have ended at `received_at`.
EpisodeUpdate DecideEpisodeUpdate(const AlertEvent& alert, const InstanceHistory& history,
                                  Time received_at);

// The state an open episode is in at `now` when nothing has mentioned it since
// `last_notified_at`: expired once `expire_after` has passed.
bool IsExpiredAt(Time last_notified_at, Time now, Duration expire_after);

}  // namespace nagame::rules

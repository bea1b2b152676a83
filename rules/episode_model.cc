// The episode state machine of design §3.
#include "rules/episode_model.h"

#include <algorithm>

namespace nagame::rules {

const char* EpisodeStateName(EpisodeState s) {
  switch (s) {
    case EpisodeState::kFiring:
      return "firing";
    case EpisodeState::kResolved:
      return "resolved";
    case EpisodeState::kExpired:
      return "expired";
  }
  return "firing";
}

std::optional<EpisodeState> ParseEpisodeState(std::string_view name) {
  if (name == "firing") return EpisodeState::kFiring;
  if (name == "resolved") return EpisodeState::kResolved;
  if (name == "expired") return EpisodeState::kExpired;
  return std::nullopt;
}

const char* EpisodeActionName(EpisodeAction a) {
  switch (a) {
    case EpisodeAction::kOpen:
      return "open";
    case EpisodeAction::kExtend:
      return "extend";
    case EpisodeAction::kReopen:
      return "reopen";
    case EpisodeAction::kResolve:
      return "resolve";
    case EpisodeAction::kRecordResolved:
      return "record_resolved";
    case EpisodeAction::kRecordExpired:
      return "record_expired";
    case EpisodeAction::kNotifyOnly:
      return "notify_only";
  }
  return "notify_only";
}

namespace {

// An end never before the start: the sender's clock (starts_at) and ours (received_at, the
// last notification) may disagree by a few seconds.
Time NotBefore(Time starts_at, Time ends_at) { return std::max(starts_at, ends_at); }

// Older open episodes end when news of a newer firing arrives: at their last notification,
// and never after the newer episode started.
std::vector<Expiry> ExpireOlderOpen(const InstanceHistory& h, Time starts_at) {
  std::vector<Expiry> out;
  for (const KnownEpisode& e : h.open) {
    if (e.starts_at < starts_at) {
      out.push_back({e.id, NotBefore(e.starts_at, std::min(e.last_notified_at, starts_at))});
    }
  }
  return out;
}

EpisodeUpdate Existing(EpisodeAction action, const KnownEpisode& e) {
  EpisodeUpdate u;
  u.action = action;
  u.episode_id = e.id;
  u.state = e.state;
  u.ends_at = e.ends_at;
  return u;
}

}  // namespace

EpisodeUpdate DecideEpisodeUpdate(const AlertEvent& alert, const InstanceHistory& h,
                                  Time received_at) {
  const bool firing = alert.status == AlertStatus::kFiring;
  if (h.exact) {
    const KnownEpisode& e = *h.exact;
    EpisodeUpdate u;
    if (firing) {
      if (e.state == EpisodeState::kFiring) {
        u = Existing(EpisodeAction::kExtend, e);
      } else if (e.state == EpisodeState::kExpired && !h.next_newer) {
        u = Existing(EpisodeAction::kReopen, e);
        u.state = EpisodeState::kFiring;
        u.ends_at.reset();
      } else {
        return Existing(EpisodeAction::kNotifyOnly, e);
      }
    } else {
      if (e.state == EpisodeState::kResolved) return Existing(EpisodeAction::kNotifyOnly, e);
      u = Existing(EpisodeAction::kResolve, e);
      u.state = EpisodeState::kResolved;
      u.ends_at = NotBefore(e.starts_at, alert.ends_at.value_or(received_at));
    }
    if (!h.next_newer) u.expire = ExpireOlderOpen(h, alert.starts_at);
    return u;
  }

  EpisodeUpdate u;
  if (h.next_newer) {
    // News of an episode that ended before a newer one we already know began.
    if (firing) {
      u.action = EpisodeAction::kRecordExpired;
      u.state = EpisodeState::kExpired;
      u.ends_at = h.next_newer->starts_at;
    } else {
      u.action = EpisodeAction::kRecordResolved;
      u.state = EpisodeState::kResolved;
      u.ends_at = NotBefore(alert.starts_at, alert.ends_at.value_or(h.next_newer->starts_at));
    }
    return u;
  }
  if (firing) {
    u.action = EpisodeAction::kOpen;
    u.state = EpisodeState::kFiring;
  } else {
    u.action = EpisodeAction::kRecordResolved;
    u.state = EpisodeState::kResolved;
    u.ends_at = NotBefore(alert.starts_at, alert.ends_at.value_or(received_at));
  }
  u.expire = ExpireOlderOpen(h, alert.starts_at);
  return u;
}

bool IsExpiredAt(Time last_notified_at, Time now, Duration expire_after) {
  return now - last_notified_at > expire_after;
}

}  // namespace nagame::rules

// Generic JSON webhooks: any sender whose body a configured mapping of RFC 6901 JSON Pointers
// can read (the `sources.generic.mapping` block).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/sources/json_pointer.h"
#include "bot/sources/source.h"
#include "rules/alert_event.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot {

// Where an alert's parts are in a body. With `alerts`, the body holds an array of alerts there
// and every other pointer is relative to one alert; without, the body is one alert.
struct GenericMapping {
  std::optional<JsonPointer> alerts;
  JsonPointer rule;
  // The alert instance's identity (`key` or `fingerprint` in config): the same in its firing
  // and resolved notifications. Unset: a hash of the rule and the labels.
  std::optional<JsonPointer> key;
  JsonPointer status;
  std::vector<std::string> firing;    // status values meaning firing
  std::vector<std::string> resolved;  // … and resolved
  JsonPointer starts_at;
  std::optional<JsonPointer> ends_at;
  // Labels: an object of scalars at `labels`, and/or one pointer per label name.
  std::optional<JsonPointer> labels;
  std::vector<std::pair<std::string, JsonPointer>> label_pointers;
};

// Parses one body with `mapping`. Per alert: rule, status and starts_at must be present (a
// scalar; the status one of firing/resolved); key when mapped; times are RFC 3339 or epoch
// seconds/milliseconds (json_input::TimeValue). A resolved alert ends at ends_at, or at
// `received_at` when that is unmapped or absent; a firing alert's ends_at is ignored. Labels
// whose pointer finds nothing are left out; label values may be strings, numbers or booleans.
// Errors: kInvalidArgument whose field() is the pointer into the body that failed, e.g.
// "/items/3/state" (with alerts: /items), and whose message names the mapping key
// ("missing (mapping status.pointer)"); "body" for a body that is not JSON.
Result<rules::Delivery> ParseGenericWebhook(std::string_view body, Time received_at,
                                            const GenericMapping& mapping);

// The `sources.generic` block: bearer_token, basic_auth or `auth: none`, and `mapping`:
//   alerts: /items             optional; "" when the body itself is the array
//   rule: /name                required
//   key: /id                   optional (or `fingerprint:`, not both)
//   status: {pointer: /state, firing: [open], resolved: [closed]}
//                              pointer and firing required; resolved optional (a sender that
//                              never resolves leaves its episodes to expire); a value may not
//                              be in both lists
//   starts_at: /opened         required
//   ends_at: /closed           optional
//   labels: /tags              optional: an object's pointer, or {name: pointer, …}
// Every pointer must be RFC 6901 syntax. nullptr after reporting each problem (with its
// file:line) to `reader`; `nagame check-config` reports the same.
std::shared_ptr<const ConfiguredSource> LoadGenericSource(config::Reader& reader,
                                                          const config::Entry& block);

}  // namespace nagame::bot

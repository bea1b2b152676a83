// The New Relic source: workflow webhook payloads, a user-editable Handlebars template
// (formats.md §3).
#pragma once

#include <memory>
#include <string_view>

#include "bot/sources/source.h"
#include "rules/alert_event.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot {

// Parses one New Relic workflow webhook body into a delivery of one alert: the issue.
//
// Keys are those of New Relic's default payload template; the parse tolerates what people
// do to it: missing optional keys, numbers sent as strings (and the reverse), one-element
// arrays where a value is expected, epoch seconds or milliseconds or RFC 3339 times, entities
// as strings, arrays of strings or of objects with a "name". A few renamed keys are accepted
// too (issueId for id, conditionName(s) for alertConditionNames, ...; see newrelic.cc).
//
// The issue id is the fingerprint and createdAt the start; `state` ACTIVATED or CREATED fires,
// CLOSED resolves (at closedAt, else updatedAt, else `received_at`), ACKNOWLEDGED fires with
// acknowledged_by = acknowledgedBy ("unknown" when the template does not send it), as does
// any state with isAcknowledged true and an acknowledgedBy. The rule is
// "<policy> / <condition>" (the first of each), or the condition alone without a policy.
// Labels: severity (priority, lower case), policy, condition, entity (the impacted entities,
// comma-separated) and every entry of a `tags` object (a tag never replaces those).
// Annotations: summary (title), trigger, workflow, total_incidents. generator_url: issueUrl.
//
// Errors: kInvalidArgument with field() naming the key. A key Nagame needs that the template
// does not send (id, state, createdAt, alertConditionNames) says in its message which line
// to add to the template, e.g. `add "id": {{ json issueId }} to the payload template`.
Result<rules::Delivery> ParseNewRelicWebhook(std::string_view body, Time received_at);

// The `sources.newrelic` block: bearer_token or basic_auth (a webhook destination's
// "Use authorization" choices) or `auth: none`; New Relic signs nothing. nullptr after
// reporting its problems to `reader`.
std::shared_ptr<const ConfiguredSource> LoadNewRelicSource(config::Reader& reader,
                                                           const config::Entry& block);

}  // namespace nagame::bot

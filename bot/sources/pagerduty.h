// The PagerDuty source: v3 webhook subscriptions, signed with X-PagerDuty-Signature
// (docs/formats-pagerduty.md §9).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bot/sources/source.h"
#include "rules/alert_event.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot {

// Parses one PagerDuty v3 webhook body ({"event": {...}}, one event per body).
//
// An event about an incident (event.data.type "incident") gives one alert: the incident id is
// the fingerprint, its service (data.service.summary) the rule, and it starts at
// data.reopened_at when the incident was reopened, else at data.created_at (a reopened
// incident is a new episode). incident.triggered and incident.reopened fire,
// incident.resolved resolves at event.occurred_at (else `received_at`), and
// incident.acknowledged fires with acknowledged_by = the agent's summary (its id, or
// "unknown", when the agent has no summary). Other incident events (priority_updated,
// escalated, ...) are news by data.status: "resolved" resolves, anything else fires.
// Events about anything else (notes, responders, services, ...) give a delivery of no alerts:
// accepted, so PagerDuty does not count them as failures and disable the subscription.
// Labels: service, service_id, severity (the priority's summary, else the urgency), urgency,
// priority, escalation_policy, team (team summaries, comma-separated). Annotations: summary
// (title), incident_number, incident_key. generator_url: data.html_url.
//
// Errors: kInvalidArgument with field() naming the offending field, e.g. "event",
// "event.event_type", "event.data.id", "event.data.service.summary", "event.data.created_at".
Result<rules::Delivery> ParsePagerDutyWebhook(std::string_view body, Time received_at);

// Checks an X-PagerDuty-Signature header value: comma-separated signatures, one per signing
// secret while a secret is rotated; an entry "v1=<hex>" is valid when the hex (either case)
// is HMAC-SHA256 of the raw `body` under one of `secrets`. Other versions are ignored. Every
// comparison takes constant time. Errors: kUnauthenticated when the header is empty or no
// entry is valid (the message names neither a secret nor a signature).
Status VerifyPagerDutySignature(std::string_view header, std::string_view body,
                                const std::vector<std::string>& secrets);

// The `sources.pagerduty` block: `signing_secrets`, a list of the subscription's signing
// secrets (two while one is rotated), or `signing_secrets_file`, a file with one secret per
// line (blank lines ignored). Every request must carry a valid signature
// (VerifyPagerDutySignature). nullptr after reporting its problems to `reader`.
std::shared_ptr<const ConfiguredSource> LoadPagerDutySource(config::Reader& reader,
                                                            const config::Entry& block);

}  // namespace nagame::bot

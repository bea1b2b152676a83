// Prometheus Alertmanager webhook payloads (webhook_config, "version": "4"; formats.md §1).
#pragma once

#include <memory>
#include <string_view>

#include "bot/sources/source.h"
#include "rules/alert_event.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot {

// Parses one Alertmanager v4 webhook body. Each alert's rule is its `alertname` label and its
// identity (fingerprint, startsAt); a missing fingerprint is computed from the labels. A
// resolved alert without endsAt ends at `received_at`. Unknown fields are ignored.
// Errors: kInvalidArgument with field() naming the offending field, e.g. "version",
// "alerts[2].labels.alertname", "alerts[0].startsAt".
Result<rules::Delivery> ParseAlertmanagerWebhook(std::string_view body, Time received_at);

// The `sources.alertmanager` block: bearer_token, basic_auth or `auth: none` (Alertmanager's
// http_config sends either header); nullptr after reporting its problems to `reader`.
std::shared_ptr<const ConfiguredSource> LoadAlertmanagerSource(config::Reader& reader,
                                                               const config::Entry& block);

}  // namespace nagame::bot

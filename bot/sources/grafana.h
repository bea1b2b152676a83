// The Grafana source: unified alerting's webhook contact point, "version": "1" (formats.md §2).
#pragma once

#include <memory>
#include <string_view>

#include "bot/sources/source.h"
#include "rules/alert_event.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot {

// Parses one Grafana webhook body: Alertmanager's alert list (bot/sources/alert_list.h) with
// "version" "1"; per alert, `values` (refID → number), `valueString`, `silenceURL`,
// `dashboardURL`, `panelURL` and `ruleUID` are kept as annotations when non-empty.
// Errors: kInvalidArgument naming the field.
Result<rules::Delivery> ParseGrafanaWebhook(std::string_view body, Time received_at);

// The `sources.grafana` block: bearer_token, basic_auth or `auth: none`, and optionally
// `hmac_secret` (or _file): every request must then carry Grafana's HMAC-SHA256 signature in
// `hmac_header` (default X-Grafana-Alerting-Signature). With `hmac_timestamp_header` (the
// header name set as the contact point's timestampHeader; Grafana has no default) the
// signature covers "<unix seconds>:<body>", and a timestamp more than 5 minutes away from the
// receiving time is refused as a replay. nullptr after reporting problems to `reader`.
std::shared_ptr<const ConfiguredSource> LoadGrafanaSource(config::Reader& reader,
                                                          const config::Entry& block);

}  // namespace nagame::bot

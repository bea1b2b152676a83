// Azure Monitor action-group webhooks in the common alert schema (formats.md §4): metric, log
// search and activity log alerts.
#pragma once

#include <memory>
#include <string_view>

#include "bot/sources/source.h"
#include "rules/alert_event.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot {

// Parses one common-alert-schema body into a delivery of one alert:
//  - rule: essentials.alertRule; status: monitorCondition "Fired" or "Resolved";
//  - starts_at: firedDateTime, which the Fired and the Resolved notification of one alert
//    instance (one alertId) share, so both land on one episode; ends_at: resolvedDateTime, or
//    `received_at` for a Resolved notification without one (only metric alerts send it);
//  - labels: severity ("Sev0"…"Sev4"), signal_type, monitoring_service, alert_target_ids and
//    configuration_items (comma-joined), target_resource_group/type when sent, and the
//    dimensions of alertContext by shape: condition.allOf[].dimensions (metric alerts and log
//    search alerts v2), Dimensions (older log search alerts), labels (Prometheus alerts),
//    operationName/eventSource (activity log alerts). A dimension named like one of those
//    labels is kept as "dimension_<name>"; one name with several values is comma-joined;
//  - fingerprint: a hash of the rule and the labels except severity: the monitored series,
//    the same for every alertId it raises (so re-firing and flapping are seen per series);
//  - annotations: alert_id, alert_rule_id, description, metric_name, search_query, the
//    customProperties and Prometheus annotations.
// Unknown fields are ignored. Errors: kInvalidArgument with field() naming the offending
// field, e.g. "schemaId", "data.essentials.monitorCondition",
// "data.alertContext.condition.allOf[0].dimensions[1].name".
Result<rules::Delivery> ParseAzureWebhook(std::string_view body, Time received_at);

// The `sources.azure` block: `token` (or token_file), which Azure sends in the webhook URL as
// `?token=…` (an action group can send no header; formats.md §4.1) and which is compared in
// constant time; or `auth: none`. nullptr after reporting problems to `reader`.
std::shared_ptr<const ConfiguredSource> LoadAzureSource(config::Reader& reader,
                                                        const config::Entry& block);

}  // namespace nagame::bot

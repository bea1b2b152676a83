// The Prometheus alert list as Alertmanager's webhook sends it (formats.md §1): a delivery
// envelope (`version`, `receiver`, `groupKey`, `externalURL`, `status`, `truncatedAlerts`) and
// `alerts[]` with `status`, `labels` (rule = `alertname`), `annotations`, `startsAt`, `endsAt`,
// `generatorURL` and `fingerprint`. Grafana's contact point sends the same shape with its own
// version and extra fields (§2), so both sources parse with this one function.
#pragma once

#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "rules/alert_event.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot {

struct AlertListFormat {
  const char* source;   // Delivery::source, and the source hashed into missing fingerprints
  const char* version;  // the `version` the body must carry: "4" (Alertmanager), "1" (Grafana)
  // Reads a source's extra per-alert fields into `event` (nullptr: none). Errors name the field
  // under `path` ("alerts[2]").
  Status (*read_extras)(const nlohmann::json& alert, const std::string& path,
                        rules::AlertEvent& event) = nullptr;
};

// Parses one body. Each alert's rule is its `alertname` label and its identity (fingerprint,
// startsAt); a missing fingerprint is computed from the labels. A resolved alert without
// endsAt ends at `received_at`; a firing alert's endsAt is dropped. Unknown fields are ignored.
// Errors: kInvalidArgument with field() naming the offending field, e.g. "version",
// "alerts[2].labels.alertname", "alerts[0].startsAt".
Result<rules::Delivery> ParseAlertList(std::string_view body, Time received_at,
                                       const AlertListFormat& format);

}  // namespace nagame::bot

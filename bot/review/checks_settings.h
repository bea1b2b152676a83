// The check registry's settings from the config's `checks` block: shared by the review
// service and `nagame lint`, so both honour the same disabled checks and options.
#pragma once

#include "bot/config.h"
#include "rules/check_runner.h"
#include "rules/status.h"

namespace nagame::bot {

// `checks.disabled` and `checks.options` as rules::ChecksSettings, validated against the
// registry. Errors: kInvalidArgument for an unknown check id or an option a check does not
// know; field() names the offending key, or "checks".
Result<rules::ChecksSettings> ChecksSettingsFrom(const ChecksConfig& checks);

}  // namespace nagame::bot

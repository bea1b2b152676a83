// ChecksSettingsFrom: the config's `checks` block, validated against the check registry.
#include "bot/review/checks_settings.h"

namespace nagame::bot {

Result<rules::ChecksSettings> ChecksSettingsFrom(const ChecksConfig& checks) {
  rules::ChecksSettings settings;
  settings.disabled.insert(checks.disabled.begin(), checks.disabled.end());
  settings.options = checks.options;
  if (Status st = rules::ValidateChecksSettings(settings); !st.ok()) {
    return InvalidArgument(st.message(), st.field().empty() ? "checks" : st.field());
  }
  return settings;
}

}  // namespace nagame::bot

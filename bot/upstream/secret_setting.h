// The current value of a configured credential (bot/config/rule_source_configs.h): read from
// its file at each use, so a token refreshed by another process is picked up.
#pragma once

#include <string>
#include <string_view>

#include "bot/config/rule_source_configs.h"
#include "rules/status.h"

namespace nagame::bot {

// Secrets larger than this are refused (a token is a few KiB at most).
inline constexpr size_t kMaxSecretBytes = 64 * 1024;

// `setting.value`, or the content of `setting.file` less its trailing line breaks. Errors, all
// kUnavailable and never holding the secret: "<key>_file: cannot read <path>: <cause>",
// "<key>_file: <path> is empty", "<key>_file: <path> is larger than 65536 bytes", and
// "<key>: not configured" for an empty setting.
Result<std::string> CurrentSecret(const SecretSetting& setting, std::string_view key);

}  // namespace nagame::bot

// Loads Prometheus rule files from disk: glob patterns → parsed, validated RuleFiles.
#pragma once

#include <string>
#include <vector>

#include "rules/rule_file.h"
#include "rules/status.h"

namespace nagame::bot {

// Files larger than this are refused rather than read.
inline constexpr size_t kMaxRuleFileBytes = 16 * 1024 * 1024;

// Expands each pattern with glob(3) (sorted matches; a file matched by several patterns is read
// once, at its first match), reads every file and parses it with rules::ParseRuleFile, using
// the path as the origin. A pattern with wildcards that matches nothing contributes no file; a
// pattern without wildcards must name an existing file.
//
// Returns the files in pattern order, or kInvalidArgument whose message lists every problem of
// every bad file (one per line: unreadable files, directories, files over kMaxRuleFileBytes,
// missing literal paths, and each file's ParseRuleFile messages); field() is "rule_files".
// Not thread-safe with respect to the files changing underneath; reads only.
Result<std::vector<rules::RuleFile>> LoadRuleFiles(const std::vector<std::string>& globs);

}  // namespace nagame::bot

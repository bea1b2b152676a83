// A label-matcher regular expression with Prometheus' semantics (RE2 syntax, full-anchored),
// evaluated with std::regex after translating the RE2 constructs it can express.
#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

#include "rules/status.h"

namespace nagame::rules::promql {

class Regex {
 public:
  // Patterns longer than this are accepted without being compiled (FullMatch then answers
  // nullopt): std::regex compiles recursively, and a huge pattern could exhaust the stack.
  static constexpr size_t kMaxCompiledLength = 4096;
  // Names longer than this are not matched (FullMatch answers nullopt), for the same reason.
  static constexpr size_t kMaxMatchedLength = 4096;

  // Compiles `pattern` as Prometheus does (`^(?:pattern)$`).
  // Errors (kInvalidArgument, message names the problem): syntax errors, back-references and
  // look-around (RE2 has neither), repeat counts over 1000 (RE2's limit).
  // Best effort: a pattern that is valid RE2 but that std::regex cannot express (\pL,
  // \x{...} beyond ASCII, octal escapes, repeated multi-byte runes), that would expand to more
  // than ~10000 NFA states, or that is longer than kMaxCompiledLength is accepted without being
  // compiled, and then cannot be evaluated.
  static Result<Regex> Compile(std::string_view pattern);

  const std::string& pattern() const { return pattern_; }

  // True when FullMatch can answer.
  bool evaluable() const { return compiled_ != nullptr; }

  // Whether the whole of `text` matches; nullopt when !evaluable() or `text` is longer than
  // kMaxMatchedLength. Matching uses libstdc++'s polynomial-time executor where available.
  std::optional<bool> FullMatch(std::string_view text) const;

 private:
  std::string pattern_;
  std::shared_ptr<const std::regex> compiled_;  // shared: a Regex is cheap to copy
};

}  // namespace nagame::rules::promql

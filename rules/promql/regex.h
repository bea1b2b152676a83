// A label-matcher regular expression with Prometheus' and Alertmanager's semantics: RE2 syntax,
// matched against the whole value, evaluated by RE2 itself (linear time in the value's length).
#pragma once

#include <memory>
#include <string_view>

#include "rules/status.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace nagame::rules::promql {

// Thread safety: immutable once compiled; const methods may be called from several threads.
// Cheap to copy (copies share the compiled program).
class Regex {
 public:
  // Compiles `pattern` (RE2 syntax, UTF-8). Errors (kInvalidArgument): whatever RE2 rejects
  // (syntax errors, back-references, look-around, repeat counts over 1000, a program over RE2's
  // default memory budget), the message quoting the pattern and naming RE2's reason.
  static Result<Regex> Compile(std::string_view pattern);

  // Whether the whole of `text` matches, as Prometheus' `^(?:pattern)$` does.
  bool FullMatch(std::string_view text) const;

  // Whether some part of `text` matches (unanchored, as RE2::PartialMatch).
  bool Contains(std::string_view text) const;

 private:
  explicit Regex(std::shared_ptr<const re2::RE2> re) : re_(std::move(re)) {}

  std::shared_ptr<const re2::RE2> re_;  // never null
};

}  // namespace nagame::rules::promql

// Label-matcher patterns compiled and matched by RE2.
#include "rules/promql/regex.h"

#include <re2/re2.h>

#include "rules/promql/ast.h"

namespace nagame::rules::promql {

Result<Regex> Regex::Compile(std::string_view pattern) {
  RE2::Options options;
  options.set_log_errors(false);    // errors are returned, not printed to stderr
  options.set_never_capture(true);  // only whole matches are asked for
  // The bare pattern, not `^(?:pattern)$`: RE2::FullMatch anchors it at both ends, and an error
  // message then quotes what the user wrote.
  auto re = std::make_shared<const RE2>(re2::StringPiece(pattern), options);
  if (!re->ok()) {
    return InvalidArgument("invalid regular expression " + QuoteForMessage(pattern) + ": " +
                           re->error());
  }
  return Regex(std::move(re));
}

bool Regex::FullMatch(std::string_view text) const {
  return RE2::FullMatch(re2::StringPiece(text), *re_);
}

bool Regex::Contains(std::string_view text) const {
  return RE2::PartialMatch(re2::StringPiece(text), *re_);
}

}  // namespace nagame::rules::promql

// Parse: PromQL text → syntax tree, checked the way Prometheus 3.x checks it before running.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "rules/promql/ast.h"
#include "rules/status.h"

namespace nagame::rules::promql {

// Parser recursion deeper than this (parentheses, calls, aggregations, unary signs, operands of
// right-associative `^`) is an error, not a stack overflow.
inline constexpr int kMaxNestingDepth = 256;
// A tree taller than this (e.g. a chain of 2000 `or`s) is an error: walking it would recurse
// that deep.
inline constexpr int kMaxTreeHeight = 1024;

// Where and why parsing failed.
struct ParseError {
  size_t offset = 0;    // byte offset into the text
  int line = 1;         // 1-based
  int column = 1;       // 1-based, in bytes
  std::string message;  // without the position, e.g. `unclosed left parenthesis`
};

// What Parse accepts beyond Prometheus' default grammar.
struct ParseOptions {
  // Prometheus 3's experimental grammar, off by default as in Prometheus: duration expressions
  // in ranges, subquery steps and offsets (`[2m + 2m]`, `offset (1h - step())`, step(),
  // range(), min_of(), max_of(); --enable-feature=promql-duration-expr), the `anchored` and
  // `smoothed` range modifiers (promql-extended-range-selectors) and the functions start(),
  // end(), step(), range(), min_of(), max_of().
  bool experimental = false;
};

// Parses one PromQL expression (Prometheus 3.x grammar, with limitk/limit_ratio and the
// experimental functions) and type-checks it: function arity and argument types, operand
// types, `bool` only on comparisons, set operators only between vectors, a selector needs a
// name or a matcher that does not match "", ranges only on selectors, `offset`/`@` once and
// only on selectors and subqueries, range and step literals > 0, regexes that compile.
// Prometheus 3's additions are read: quoted UTF-8 metric and label names
// (`{"http.server.duration", "service.name"="x"}`, `sum by ("a b") (…)`), numbers as seconds
// where a duration goes (`offset 3600`, `[5]`, `@ 1m`), info()'s label-selector argument.
//
// Returns the tree, or kInvalidArgument with message "<line>:<column>: <what is wrong>", e.g.
// `1:12: unclosed left parenthesis` or `1:11: unexpected identifier "b" in grouping opts,
// expected "," or ")"`; field() is empty. When `error` is not null it receives the same
// position and message separately (it is left untouched on success).
//
// Never crashes on hostile input: nesting is capped (kMaxNestingDepth, kMaxTreeHeight) and
// regexes are size-limited.
Result<Expr> Parse(std::string_view text, ParseError* error = nullptr,
                   const ParseOptions& options = {});

// A duration as PromQL writes it: units y, w, d, h, m, s, ms, each at most once and in that
// order ("1h30m"; not "30m1h"). "0" is not a duration here. Errors: kInvalidArgument.
Result<Duration> ParsePromDuration(std::string_view text);

}  // namespace nagame::rules::promql

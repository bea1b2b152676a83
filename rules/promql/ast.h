// The syntax tree of a PromQL expression, as Parse (rules/promql/parser.h) builds it.
//
// Plain data: every node is an Expr holding one of the node structs below and the byte range of
// the text it was parsed from. An Expr owns its children (move-only). Thread safety: a tree is
// immutable after Parse returns; const access from several threads is safe.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "rules/promql/regex.h"
#include "rules/time.h"

namespace nagame::rules::promql {

// The type of value an expression evaluates to.
enum class ValueType { kNone, kScalar, kVector, kMatrix, kString };
// "scalar", "instant vector", "range vector", "string" or "none", as Prometheus' messages say.
const char* ValueTypeName(ValueType type);

enum class MatchOp { kEqual, kNotEqual, kRegexMatch, kRegexNoMatch };
const char* MatchOpText(MatchOp op);  // "=", "!=", "=~", "!~"

// One label matcher: `name op "value"`.
struct Matcher {
  std::string name;
  MatchOp op = MatchOp::kEqual;
  std::string value;  // unquoted
  // For =~ and !~: the compiled pattern (Parse sets it). Unset for = and !=.
  std::optional<Regex> regex;

  // Whether the label value `v` satisfies this matcher (regexes full-anchored, as Prometheus
  // matches them). A hand-built =~ or !~ matcher without `regex` matches nothing.
  bool Matches(std::string_view v) const;

  // Compares name, op and value.
  friend bool operator==(const Matcher& a, const Matcher& b) {
    return a.name == b.name && a.op == b.op && a.value == b.value;
  }
};

// `@ <timestamp>`, `@ start()` or `@ end()`.
struct AtModifier {
  enum class Kind { kTimestamp, kStart, kEnd };
  Kind kind = Kind::kTimestamp;
  double timestamp = 0;  // seconds since the epoch, for kTimestamp
};

enum class BinaryOp {
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kPow,
  kAtan2,  // arithmetic
  kEqlc,
  kNeq,
  kLte,
  kLss,
  kGte,
  kGtr,  // comparison
  kAnd,
  kOr,
  kUnless,  // set
};
const char* BinaryOpText(BinaryOp op);  // "+", "==", "and", ...
bool IsComparison(BinaryOp op);
bool IsSetOperator(BinaryOp op);

enum class AggregateOp {
  kSum,
  kAvg,
  kCount,
  kMin,
  kMax,
  kGroup,
  kStddev,
  kStdvar,
  kTopk,
  kBottomk,
  kQuantile,
  kCountValues,
  kLimitk,
  kLimitRatio,
};
const char* AggregateOpText(AggregateOp op);  // "sum", "count_values", ...
// True for topk, bottomk, quantile, count_values, limitk and limit_ratio (first argument).
bool TakesParameter(AggregateOp op);

// Byte offsets [begin, end) into the parsed text.
struct Position {
  size_t begin = 0;
  size_t end = 0;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct NumberLiteral {
  double value = 0;
};

struct StringLiteral {
  std::string value;  // unquoted
};

// A duration in a range, a subquery step or an offset: a value, or (Prometheus 3's
// experimental duration expressions, ParseOptions::experimental) an expression such as
// `2m + step()` whose value is known only at evaluation, kept as printed text.
struct DurationSpec {
  Duration value{0};  // when `expression` is empty
  std::string expression;

  bool is_set() const { return value != Duration::zero() || !expression.empty(); }
};

// `name{matchers} @ t offset d`. Offsets of 0 are "none" (Prometheus treats them alike).
// A quoted name alone between the braces (`{"http.server.duration"}`) is a `__name__` matcher.
struct VectorSelector {
  std::string name;               // written before the braces; empty if none
  std::vector<Matcher> matchers;  // as written between the braces (the name is not repeated)
  DurationSpec offset;
  std::optional<AtModifier> at;
  // Prometheus 3's experimental `anchored` / `smoothed` modifiers (at most one of them).
  bool anchored = false;
  bool smoothed = false;
};

// `selector[range]`; modifiers written after the range live in `selector`.
struct MatrixSelector {
  VectorSelector selector;
  DurationSpec range;
};

// `expr[range:step]`; an unset step means "the default evaluation interval" (`[30m:]`).
struct SubqueryExpr {
  ExprPtr expr;
  DurationSpec range;
  DurationSpec step;
  DurationSpec offset;
  std::optional<AtModifier> at;
};

struct Call {
  std::string function;
  std::vector<ExprPtr> args;
};

// `op by|without (grouping) ([param,] expr)`.
struct AggregateExpr {
  AggregateOp op = AggregateOp::kSum;
  std::vector<std::string> grouping;
  bool without = false;
  bool has_grouping = false;  // `by (...)` or `without (...)` was written (possibly empty)
  ExprPtr param;              // set iff TakesParameter(op)
  ExprPtr expr;
};

// `lhs op [bool] [on|ignoring (labels) [group_left|group_right [(labels)]]] rhs`.
struct BinaryExpr {
  enum class Matching { kNone, kOn, kIgnoring };
  enum class Group { kNone, kLeft, kRight };
  BinaryOp op = BinaryOp::kAdd;
  bool return_bool = false;
  Matching matching = Matching::kNone;
  std::vector<std::string> matching_labels;
  Group group = Group::kNone;
  std::vector<std::string> include;  // the labels of group_left/group_right
  ExprPtr lhs;
  ExprPtr rhs;
};

// `-expr` or `+expr` (a sign directly before a number literal is folded into the number).
struct UnaryExpr {
  bool negative = true;
  ExprPtr expr;
};

struct ParenExpr {
  ExprPtr expr;
};

struct Expr {
  using Node = std::variant<NumberLiteral, StringLiteral, VectorSelector, MatrixSelector,
                            SubqueryExpr, Call, AggregateExpr, BinaryExpr, UnaryExpr, ParenExpr>;
  Node node;
  Position position;
  int height = 1;  // nodes on the longest path from here to a leaf

  // The node as T, or nullptr if it holds something else.
  template <typename T>
  const T* As() const {
    return std::get_if<T>(&node);
  }
  template <typename T>
  T* As() {
    return std::get_if<T>(&node);
  }

  // The type the expression evaluates to. REQUIRES: the tree came from Parse (function names
  // are known).
  ValueType type() const;
};

// The expression as one line of PromQL, in Prometheus' own printing style: matchers sorted,
// `@` before `offset`, durations like "1h30m", no comments. Parse(Format(e)) gives an
// equivalent tree.
std::string Format(const Expr& expr);

// A range, step or offset as written back: its expression, a whole number of milliseconds as a
// duration ("1h30m"), else seconds as a number ("0.0001"), so that it reads back the same.
std::string FormatDuration(const DurationSpec& d);

// A duration in Prometheus' style: "1h30m", "2w", "500ms", "0s" ("-5m" when negative).
std::string FormatPromDuration(Duration d);

// A string as a double-quoted PromQL string literal (Go's strconv.Quote rules).
std::string QuoteString(std::string_view s);

// `s` for an error message: double-quoted, quotes, backslashes and control bytes escaped, cut
// after 60 bytes with "...".
std::string QuoteForMessage(std::string_view s);

}  // namespace nagame::rules::promql

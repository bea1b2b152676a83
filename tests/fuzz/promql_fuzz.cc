// Fuzz target: the PromQL reader (rules/promql/parser.h) on any text.
//
// Invariants: an error is kInvalidArgument whose message starts "<line>:<column>:" and whose
// ParseError offset lies within the text; an accepted expression pretty-prints (Format) to
// text that parses again to the same tree (compared node by node: numbers bit for bit,
// matchers as a set, `@` to the millisecond Prometheus keeps) with the same value type.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "rules/promql/parser.h"
#include "tests/fuzz/fuzz_check.h"

namespace nagame::fuzz {
namespace {

namespace promql = nagame::rules::promql;

bool Same(const promql::Expr& a, const promql::Expr& b);

bool Same(const promql::ExprPtr& a, const promql::ExprPtr& b) {
  return (a == nullptr) == (b == nullptr) && (a == nullptr || Same(*a, *b));
}

bool SameNumber(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || (a == b && std::signbit(a) == std::signbit(b));
}

bool SameAt(const std::optional<promql::AtModifier>& a,
            const std::optional<promql::AtModifier>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return a->kind == b->kind &&
         std::llround(a->timestamp * 1000) == std::llround(b->timestamp * 1000);
}

std::vector<std::string> MatcherTexts(const std::vector<promql::Matcher>& matchers) {
  std::vector<std::string> out;
  for (const auto& m : matchers) {
    out.push_back(m.name + '\0' + promql::MatchOpText(m.op) + '\0' + m.value);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A duration as written: a literal, or (Prometheus 3) an expression kept as its text.
bool SameDuration(const promql::DurationSpec& a, const promql::DurationSpec& b) {
  return a.value == b.value && a.expression == b.expression;
}

bool SameSelector(const promql::VectorSelector& a, const promql::VectorSelector& b) {
  return a.name == b.name && MatcherTexts(a.matchers) == MatcherTexts(b.matchers) &&
         SameDuration(a.offset, b.offset) && SameAt(a.at, b.at);
}

// Node by node, as far as the printed form can carry it.
struct SameNode {
  const promql::Expr::Node& other;

  template <typename T>
  const T& Other() const {
    return std::get<T>(other);
  }
  bool operator()(const promql::NumberLiteral& n) const {
    return SameNumber(n.value, Other<promql::NumberLiteral>().value);
  }
  bool operator()(const promql::StringLiteral& s) const {
    return s.value == Other<promql::StringLiteral>().value;
  }
  bool operator()(const promql::VectorSelector& v) const {
    return SameSelector(v, Other<promql::VectorSelector>());
  }
  bool operator()(const promql::MatrixSelector& m) const {
    const auto& o = Other<promql::MatrixSelector>();
    return SameDuration(m.range, o.range) && SameSelector(m.selector, o.selector);
  }
  bool operator()(const promql::SubqueryExpr& q) const {
    const auto& o = Other<promql::SubqueryExpr>();
    return Same(q.expr, o.expr) && SameDuration(q.range, o.range) && SameDuration(q.step, o.step) &&
           SameDuration(q.offset, o.offset) && SameAt(q.at, o.at);
  }
  bool operator()(const promql::Call& c) const {
    const auto& o = Other<promql::Call>();
    if (c.function != o.function || c.args.size() != o.args.size()) return false;
    for (size_t i = 0; i < c.args.size(); ++i) {
      if (!Same(c.args[i], o.args[i])) return false;
    }
    return true;
  }
  bool operator()(const promql::AggregateExpr& a) const {
    const auto& o = Other<promql::AggregateExpr>();
    return a.op == o.op && a.grouping == o.grouping && a.without == o.without &&
           Same(a.param, o.param) && Same(a.expr, o.expr);
  }
  bool operator()(const promql::BinaryExpr& b) const {
    const auto& o = Other<promql::BinaryExpr>();
    return b.op == o.op && b.return_bool == o.return_bool && b.matching == o.matching &&
           b.matching_labels == o.matching_labels && b.group == o.group && b.include == o.include &&
           Same(b.lhs, o.lhs) && Same(b.rhs, o.rhs);
  }
  bool operator()(const promql::UnaryExpr& u) const {
    const auto& o = Other<promql::UnaryExpr>();
    return u.negative == o.negative && Same(u.expr, o.expr);
  }
  bool operator()(const promql::ParenExpr& p) const {
    return Same(p.expr, Other<promql::ParenExpr>().expr);
  }
};

bool Same(const promql::Expr& a, const promql::Expr& b) {
  return a.node.index() == b.node.index() && std::visit(SameNode{b.node}, a.node);
}

}  // namespace
}  // namespace nagame::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nagame;
  using namespace nagame::fuzz;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  promql::ParseError error;
  auto expr = promql::Parse(text, &error);
  if (!expr.ok()) {
    CheckLocatedError(expr.status(), Code::kInvalidArgument, {}, true);
    Check(error.offset <= text.size() && error.line >= 1 && error.column >= 1,
          "the error position lies within the text", expr.status().message());
    return 0;
  }
  const std::string printed = promql::Format(*expr);
  promql::ParseError again_error;
  auto again = promql::Parse(printed, &again_error);
  Check(again.ok(), "the printed expression parses",
        printed + "\n" + (again.ok() ? "" : again.status().message()));
  Check(Same(*expr, *again), "the printed expression re-parses to the same tree",
        std::string(text) + "\n" + printed + "\n" + promql::Format(*again));
  Check(again->type() == expr->type(), "the printed expression has the same type", printed);
  return 0;
}

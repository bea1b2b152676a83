// Names, types and the one-line printer of the PromQL syntax tree.
#include "rules/promql/ast.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "rules/promql/functions.h"
#include "rules/promql/names.h"

namespace nagame::rules::promql {
namespace {

// Go's fmt.Sprint for a float64: shortest digits, %e when the exponent is < -4 or >= 6.
std::string FormatNumber(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == 0) return std::signbit(v) ? "-0" : "0";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  if (ec != std::errc()) return "NaN";
  std::string sci(buf, end);  // "-1.2345e+06"
  bool negative = sci[0] == '-';
  size_t e = sci.find('e');
  std::string mantissa = sci.substr(negative ? 1 : 0, e - (negative ? 1 : 0));
  int exponent = std::stoi(sci.substr(e + 1));
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits += c;
  }
  std::string out = negative ? "-" : "";
  if (exponent < -4 || exponent >= 6) {
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char ebuf[16];
    std::snprintf(ebuf, sizeof ebuf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return out + ebuf;
  }
  int point = exponent + 1;  // digits before the decimal point
  if (point <= 0) {
    out += "0." + std::string(static_cast<size_t>(-point), '0') + digits;
  } else if (static_cast<size_t>(point) >= digits.size()) {
    out += digits + std::string(point - digits.size(), '0');
  } else {
    out += digits.substr(0, point) + "." + digits.substr(point);
  }
  return out;
}

std::string FormatAt(const std::optional<AtModifier>& at) {
  if (!at) return "";
  switch (at->kind) {
    case AtModifier::Kind::kStart:
      return " @ start()";
    case AtModifier::Kind::kEnd:
      return " @ end()";
    case AtModifier::Kind::kTimestamp:
      break;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, " @ %.3f", at->timestamp);
  return buf;
}

std::string FormatOffset(const DurationSpec& offset) {
  if (!offset.is_set()) return "";
  return " offset " + FormatDuration(offset);
}

std::string FormatModifiers(const VectorSelector& vs) {
  return FormatAt(vs.at) + FormatOffset(vs.offset) + (vs.anchored ? " anchored" : "") +
         (vs.smoothed ? " smoothed" : "");
}

// A label name as written: quoted unless it is a classic label name.
std::string FormatLabelName(const std::string& name) {
  return IsLabelName(name) ? name : QuoteString(name);
}

std::string JoinLabels(const std::vector<std::string>& labels) {
  std::string out;
  for (const std::string& l : labels) {
    if (!out.empty()) out += ", ";
    out += FormatLabelName(l);
  }
  return out;
}

// The selector without its modifiers: `name{a="b",c=~"d"}`.
std::string FormatSelectorBody(const VectorSelector& vs) {
  std::vector<std::string> parts;
  for (const Matcher& m : vs.matchers) {
    parts.push_back(FormatLabelName(m.name) + MatchOpText(m.op) + QuoteString(m.value));
  }
  if (parts.empty()) return vs.name.empty() ? "{}" : vs.name;
  std::sort(parts.begin(), parts.end());
  std::string out = vs.name + "{";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "," : "") + parts[i];
  return out + "}";
}

struct Printer {
  std::string operator()(const NumberLiteral& n) const { return FormatNumber(n.value); }
  std::string operator()(const StringLiteral& s) const { return QuoteString(s.value); }
  std::string operator()(const VectorSelector& vs) const {
    return FormatSelectorBody(vs) + FormatModifiers(vs);
  }
  std::string operator()(const MatrixSelector& m) const {
    return FormatSelectorBody(m.selector) + "[" + FormatDuration(m.range) + "]" +
           FormatModifiers(m.selector);
  }
  std::string operator()(const SubqueryExpr& sq) const {
    std::string step = sq.step.is_set() ? FormatDuration(sq.step) : "";
    return Format(*sq.expr) + "[" + FormatDuration(sq.range) + ":" + step + "]" + FormatAt(sq.at) +
           FormatOffset(sq.offset);
  }
  std::string operator()(const Call& c) const {
    std::string out = c.function + "(";
    for (size_t i = 0; i < c.args.size(); ++i) out += (i ? ", " : "") + Format(*c.args[i]);
    return out + ")";
  }
  std::string operator()(const AggregateExpr& a) const {
    std::string out = AggregateOpText(a.op);
    if (a.without) {
      out += " without (" + JoinLabels(a.grouping) + ") ";
    } else if (!a.grouping.empty()) {
      out += " by (" + JoinLabels(a.grouping) + ") ";
    }
    out += "(";
    if (a.param) out += Format(*a.param) + ", ";
    return out + Format(*a.expr) + ")";
  }
  std::string operator()(const BinaryExpr& b) const {
    std::string out = Format(*b.lhs) + " " + BinaryOpText(b.op);
    if (b.return_bool) out += " bool";
    if (b.matching != BinaryExpr::Matching::kNone) {
      out += b.matching == BinaryExpr::Matching::kOn ? " on (" : " ignoring (";
      out += JoinLabels(b.matching_labels) + ")";
    }
    if (b.group != BinaryExpr::Group::kNone) {
      out += b.group == BinaryExpr::Group::kLeft ? " group_left (" : " group_right (";
      out += JoinLabels(b.include) + ")";
    }
    return out + " " + Format(*b.rhs);
  }
  std::string operator()(const UnaryExpr& u) const {
    return (u.negative ? "-" : "+") + Format(*u.expr);
  }
  std::string operator()(const ParenExpr& p) const { return "(" + Format(*p.expr) + ")"; }
};

struct TypeOf {
  ValueType operator()(const NumberLiteral&) const { return ValueType::kScalar; }
  ValueType operator()(const StringLiteral&) const { return ValueType::kString; }
  ValueType operator()(const VectorSelector&) const { return ValueType::kVector; }
  ValueType operator()(const MatrixSelector&) const { return ValueType::kMatrix; }
  ValueType operator()(const SubqueryExpr&) const { return ValueType::kMatrix; }
  ValueType operator()(const Call& c) const {
    const Function* f = FindFunction(c.function);
    return f == nullptr ? ValueType::kNone : f->return_type;
  }
  ValueType operator()(const AggregateExpr&) const { return ValueType::kVector; }
  ValueType operator()(const BinaryExpr& b) const {
    return b.lhs->type() == ValueType::kScalar && b.rhs->type() == ValueType::kScalar
               ? ValueType::kScalar
               : ValueType::kVector;
  }
  ValueType operator()(const UnaryExpr& u) const { return u.expr->type(); }
  ValueType operator()(const ParenExpr& p) const { return p.expr->type(); }
};

}  // namespace

const char* ValueTypeName(ValueType type) {
  switch (type) {
    case ValueType::kScalar:
      return "scalar";
    case ValueType::kVector:
      return "instant vector";
    case ValueType::kMatrix:
      return "range vector";
    case ValueType::kString:
      return "string";
    case ValueType::kNone:
      break;
  }
  return "none";
}

const char* MatchOpText(MatchOp op) {
  switch (op) {
    case MatchOp::kEqual:
      return "=";
    case MatchOp::kNotEqual:
      return "!=";
    case MatchOp::kRegexMatch:
      return "=~";
    case MatchOp::kRegexNoMatch:
      return "!~";
  }
  return "=";
}

bool Matcher::Matches(std::string_view v) const {
  switch (op) {
    case MatchOp::kEqual:
      return v == value;
    case MatchOp::kNotEqual:
      return v != value;
    case MatchOp::kRegexMatch:
      return regex && regex->FullMatch(v);
    case MatchOp::kRegexNoMatch:
      return regex && !regex->FullMatch(v);
  }
  return false;
}

const char* BinaryOpText(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSub:
      return "-";
    case BinaryOp::kMul:
      return "*";
    case BinaryOp::kDiv:
      return "/";
    case BinaryOp::kMod:
      return "%";
    case BinaryOp::kPow:
      return "^";
    case BinaryOp::kAtan2:
      return "atan2";
    case BinaryOp::kEqlc:
      return "==";
    case BinaryOp::kNeq:
      return "!=";
    case BinaryOp::kLte:
      return "<=";
    case BinaryOp::kLss:
      return "<";
    case BinaryOp::kGte:
      return ">=";
    case BinaryOp::kGtr:
      return ">";
    case BinaryOp::kAnd:
      return "and";
    case BinaryOp::kOr:
      return "or";
    case BinaryOp::kUnless:
      return "unless";
  }
  return "?";
}

bool IsComparison(BinaryOp op) {
  return op == BinaryOp::kEqlc || op == BinaryOp::kNeq || op == BinaryOp::kLte ||
         op == BinaryOp::kLss || op == BinaryOp::kGte || op == BinaryOp::kGtr;
}

bool IsSetOperator(BinaryOp op) {
  return op == BinaryOp::kAnd || op == BinaryOp::kOr || op == BinaryOp::kUnless;
}

const char* AggregateOpText(AggregateOp op) {
  switch (op) {
    case AggregateOp::kSum:
      return "sum";
    case AggregateOp::kAvg:
      return "avg";
    case AggregateOp::kCount:
      return "count";
    case AggregateOp::kMin:
      return "min";
    case AggregateOp::kMax:
      return "max";
    case AggregateOp::kGroup:
      return "group";
    case AggregateOp::kStddev:
      return "stddev";
    case AggregateOp::kStdvar:
      return "stdvar";
    case AggregateOp::kTopk:
      return "topk";
    case AggregateOp::kBottomk:
      return "bottomk";
    case AggregateOp::kQuantile:
      return "quantile";
    case AggregateOp::kCountValues:
      return "count_values";
    case AggregateOp::kLimitk:
      return "limitk";
    case AggregateOp::kLimitRatio:
      return "limit_ratio";
  }
  return "?";
}

bool TakesParameter(AggregateOp op) {
  return op == AggregateOp::kTopk || op == AggregateOp::kBottomk || op == AggregateOp::kQuantile ||
         op == AggregateOp::kCountValues || op == AggregateOp::kLimitk ||
         op == AggregateOp::kLimitRatio;
}

ValueType Expr::type() const { return std::visit(TypeOf{}, node); }

std::string Format(const Expr& expr) { return std::visit(Printer{}, expr.node); }

std::string FormatDuration(const DurationSpec& d) {
  if (!d.expression.empty()) return d.expression;
  if (d.value % std::chrono::milliseconds(1) != Duration::zero()) {
    return FormatNumber(std::chrono::duration<double>(d.value).count());
  }
  return FormatPromDuration(d.value);
}

std::string FormatPromDuration(Duration d) {
  using std::chrono::milliseconds;
  if (d < Duration::zero()) return "-" + FormatPromDuration(-d);
  int64_t ms = std::chrono::duration_cast<milliseconds>(d).count();
  if (ms == 0) return "0s";
  constexpr int64_t kDay = 24 * 3600 * 1000LL;
  struct Unit {
    const char* name;
    int64_t size;
    bool exact;  // only when it divides the rest: "90d" reads better than "12w6d"
  };
  constexpr Unit kUnits[] = {{"y", 365 * kDay, true}, {"w", 7 * kDay, true}, {"d", kDay, false},
                             {"h", 3600000, false},   {"m", 60000, false},   {"s", 1000, false},
                             {"ms", 1, false}};
  std::string out;
  for (const Unit& u : kUnits) {
    if (u.exact && ms % u.size != 0) continue;
    if (int64_t v = ms / u.size; v > 0) {
      out += std::to_string(v) + u.name;
      ms -= v * u.size;
    }
  }
  return out;
}

std::string QuoteString(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\a':
        out += "\\a";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\v':
        out += "\\v";
        continue;
      default:
        break;
    }
    if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
      continue;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
      continue;
    }
    // Keep a well-formed UTF-8 sequence; escape stray bytes.
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok) {
      out.append(s.substr(i, n));
      i += n - 1;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out + "\"";
}

std::string QuoteForMessage(std::string_view s) {
  constexpr size_t kShown = 60;
  std::string out = "\"";
  for (size_t i = 0; i < s.size() && i < kShown; ++i) {
    char c = s[i];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  if (s.size() > kShown) out += "...";
  return out + "\"";
}

}  // namespace nagame::rules::promql

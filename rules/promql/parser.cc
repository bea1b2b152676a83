// A recursive-descent PromQL parser with Prometheus' precedences, then Prometheus' type checks.
#include "rules/promql/parser.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

#include "rules/promql/functions.h"
#include "rules/promql/lexer.h"
#include "rules/utf8.h"

namespace nagame::rules::promql {
namespace {

// Binary operator precedences, lowest first (Prometheus' generated_parser.y).
constexpr int kPrecOr = 1;
constexpr int kPrecAnd = 2;
constexpr int kPrecComparison = 3;
constexpr int kPrecAdd = 4;
constexpr int kPrecMul = 5;
constexpr int kPrecPow = 6;

struct OpInfo {
  BinaryOp op;
  int precedence;
  bool right_assoc;
};

std::optional<OpInfo> BinaryOpOf(TokenKind kind) {
  switch (kind) {
    case TokenKind::kLor:
      return OpInfo{BinaryOp::kOr, kPrecOr, false};
    case TokenKind::kLand:
      return OpInfo{BinaryOp::kAnd, kPrecAnd, false};
    case TokenKind::kLunless:
      return OpInfo{BinaryOp::kUnless, kPrecAnd, false};
    case TokenKind::kEqlc:
      return OpInfo{BinaryOp::kEqlc, kPrecComparison, false};
    case TokenKind::kNeq:
      return OpInfo{BinaryOp::kNeq, kPrecComparison, false};
    case TokenKind::kLte:
      return OpInfo{BinaryOp::kLte, kPrecComparison, false};
    case TokenKind::kLss:
      return OpInfo{BinaryOp::kLss, kPrecComparison, false};
    case TokenKind::kGte:
      return OpInfo{BinaryOp::kGte, kPrecComparison, false};
    case TokenKind::kGtr:
      return OpInfo{BinaryOp::kGtr, kPrecComparison, false};
    case TokenKind::kAdd:
      return OpInfo{BinaryOp::kAdd, kPrecAdd, false};
    case TokenKind::kSub:
      return OpInfo{BinaryOp::kSub, kPrecAdd, false};
    case TokenKind::kMul:
      return OpInfo{BinaryOp::kMul, kPrecMul, false};
    case TokenKind::kDiv:
      return OpInfo{BinaryOp::kDiv, kPrecMul, false};
    case TokenKind::kMod:
      return OpInfo{BinaryOp::kMod, kPrecMul, false};
    case TokenKind::kAtan2:
      return OpInfo{BinaryOp::kAtan2, kPrecMul, false};
    case TokenKind::kPow:
      return OpInfo{BinaryOp::kPow, kPrecPow, true};
    default:
      return std::nullopt;
  }
}

AggregateOp AggregateOpOf(TokenKind kind) {
  switch (kind) {
    case TokenKind::kAvg:
      return AggregateOp::kAvg;
    case TokenKind::kCount:
      return AggregateOp::kCount;
    case TokenKind::kMin:
      return AggregateOp::kMin;
    case TokenKind::kMax:
      return AggregateOp::kMax;
    case TokenKind::kGroup:
      return AggregateOp::kGroup;
    case TokenKind::kStddev:
      return AggregateOp::kStddev;
    case TokenKind::kStdvar:
      return AggregateOp::kStdvar;
    case TokenKind::kTopk:
      return AggregateOp::kTopk;
    case TokenKind::kBottomk:
      return AggregateOp::kBottomk;
    case TokenKind::kQuantile:
      return AggregateOp::kQuantile;
    case TokenKind::kCountValues:
      return AggregateOp::kCountValues;
    case TokenKind::kLimitk:
      return AggregateOp::kLimitk;
    case TokenKind::kLimitRatio:
      return AggregateOp::kLimitRatio;
    default:
      return AggregateOp::kSum;
  }
}

// Tokens Prometheus' grammar accepts as a metric name (its metric_identifier rule): a metric
// may be called `sum` or `and`, but not `on`, `bool` or `group_left`.
bool CanNameMetric(TokenKind kind) {
  switch (kind) {
    case TokenKind::kIdentifier:
    case TokenKind::kMetricIdentifier:
    case TokenKind::kLand:
    case TokenKind::kLor:
    case TokenKind::kLunless:
    case TokenKind::kOffset:
    case TokenKind::kBy:
    case TokenKind::kWithout:
    case TokenKind::kStart:
    case TokenKind::kEnd:
      return true;
    default:
      return IsAggregatorToken(kind);
  }
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 16;
}

// The value of a string token the lexer accepted (quotes included, escapes valid).
std::string Unquote(std::string_view raw) {
  char quote = raw.front();
  std::string_view body = raw.substr(1, raw.size() - 2);
  if (quote == '`') return std::string(body);
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    char e = body[++i];
    switch (e) {
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case 'x':
      case 'u':
      case 'U': {
        int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        uint32_t v = 0;
        for (int d = 0; d < digits; ++d) v = v * 16 + HexDigit(body[++i]);
        if (e == 'x') {
          out += static_cast<char>(v);  // a byte, as in Go
        } else {
          AppendUtf8(v, out);
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          uint32_t v = static_cast<uint32_t>(e - '0');
          for (int d = 0; d < 2; ++d) v = v * 8 + static_cast<uint32_t>(body[++i] - '0');
          out += static_cast<char>(v);
        } else {
          out += e;  // \\, \' or \"
        }
    }
  }
  return out;
}

// Line and column (1-based, bytes) of byte `offset` in `text`.
void LineColumn(std::string_view text, size_t offset, int* line, int* column) {
  offset = std::min(offset, text.size());
  *line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++*line;
      line_start = i + 1;
    }
  }
  *column = static_cast<int>(offset - line_start) + 1;
}

class Parser {
 public:
  Parser(std::string_view text, const ParseOptions& options)
      : text_(text), options_(options), tokens_(Lex(text)) {}

  Result<Expr> Run(ParseError* error) {
    Result<ExprPtr> tree = ParseAll();
    if (tree.ok()) return std::move(**tree);
    ParseError e;
    e.offset = error_offset_;
    e.message = error_message_;
    LineColumn(text_, e.offset, &e.line, &e.column);
    std::string message =
        std::to_string(e.line) + ":" + std::to_string(e.column) + ": " + e.message;
    if (error != nullptr) *error = std::move(e);
    return InvalidArgument(std::move(message));
  }

 private:
  struct Args {
    std::vector<ExprPtr> exprs;
    size_t end = 0;  // after the closing parenthesis
  };

  // Counts parser recursion; see kMaxNestingDepth.
  class DepthGuard {
   public:
    explicit DepthGuard(int& depth) : depth_(depth) { ++depth_; }
    ~DepthGuard() { --depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    int& depth_;
  };

  // --- Tokens --------------------------------------------------------------------------------

  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(next_ + ahead, tokens_.size() - 1)];
  }
  bool PeekIs(TokenKind kind) const { return Peek().kind == kind; }
  const Token& Next() {
    const Token& t = Peek();
    if (next_ < tokens_.size() - 1) ++next_;
    return t;
  }
  // The end of the last token consumed.
  size_t LastEnd() const { return next_ == 0 ? 0 : tokens_[next_ - 1].end; }

  // --- Errors --------------------------------------------------------------------------------

  Status Fail(size_t offset, std::string message) {
    error_offset_ = offset;
    error_message_ = message;
    return InvalidArgument(std::move(message));
  }

  // `unexpected <token> in <context>, expected <expected>`; a lexical error is reported as is.
  Status Unexpected(const Token& t, std::string_view context, std::string_view expected) {
    if (t.kind == TokenKind::kError) return Fail(t.begin, t.error);
    std::string m = "unexpected " + DescribeToken(t);
    if (!context.empty()) m += " in " + std::string(context);
    if (!expected.empty()) m += ", expected " + std::string(expected);
    return Fail(t.begin, std::move(m));
  }

  Result<ExprPtr> Make(Expr::Node node, Position position, int height) {
    if (height > kMaxTreeHeight) {
      return Fail(position.begin, "expression too complex: more than " +
                                      std::to_string(kMaxTreeHeight) + " levels of operators");
    }
    auto e = std::make_unique<Expr>();
    e->node = std::move(node);
    e->position = position;
    e->height = height;
    return e;
  }

  // --- Values --------------------------------------------------------------------------------

  Result<double> NumberValue(const Token& t) {
    std::string s(t.text);
    const std::string lower = AsciiLower(s);
    if (lower == "inf") return std::numeric_limits<double>::infinity();
    if (lower == "nan") return std::numeric_limits<double>::quiet_NaN();
    auto bad = [&] { return Fail(t.begin, "bad number syntax: " + QuoteForMessage(s)); };
    const char* first = s.data();
    const char* last = s.data() + s.size();
    if (lower.starts_with("0x")) {  // Go's ParseInt(s, 0, 64); hex floats are not accepted
      uint64_t v = 0;
      auto [p, ec] = std::from_chars(first + 2, last, v, 16);
      if (ec == std::errc::result_out_of_range || (ec == std::errc() && v > INT64_MAX)) {
        return Fail(t.begin, "number out of range: " + QuoteForMessage(s));
      }
      if (ec != std::errc() || p != last) return bad();
      return static_cast<double>(v);
    }
    bool octal = s.size() > 1 && s[0] == '0' &&
                 std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '7'; });
    if (octal) {  // Go's ParseInt(s, 0, 64) reads a leading 0 as octal
      int64_t v = 0;
      auto [p, ec] = std::from_chars(first + 1, last, v, 8);
      if (ec == std::errc() && p == last) return static_cast<double>(v);
    }
    double v = 0;
    auto [p, ec] = std::from_chars(first, last, v);
    if (ec == std::errc::result_out_of_range) {
      size_t e = lower.find('e');
      bool underflow = (e != std::string::npos && lower[e + 1] == '-') ||
                       std::all_of(s.begin(), s.begin() + std::min(s.find('.'), s.size()),
                                   [](char c) { return c == '0'; });
      if (underflow) return 0.0;
      return Fail(t.begin, "number out of range: " + QuoteForMessage(s));
    }
    if (ec != std::errc() || p != last) return bad();
    return v;
  }

  // --- Durations: ranges, subquery steps, offsets ------------------------------------------

  // A duration being parsed: a literal's value (numbers are seconds, as in Prometheus 3), or an
  // experimental duration expression's printed text.
  struct DurationTerm {
    bool literal = true;
    Duration value{0};  // for literals
    std::string text;   // for expressions
    size_t begin = 0;

    void Negate() {
      if (literal) {
        value = -value;
      } else {
        text = "-" + text;
      }
    }
  };

  // Prometheus keeps durations in int64 nanoseconds.
  static bool SecondsOutOfRange(double v) { return std::abs(v) >= 9223372036.854775807; }

  // Requires ParseOptions::experimental for a duration expression starting at `begin`.
  Status RequireDurationExpressions(size_t begin) {
    if (options_.experimental) return Status::Ok();
    return Fail(begin, "experimental duration expression is not enabled");
  }

  static std::string TermText(const DurationTerm& t) {
    return t.literal ? FormatDuration(DurationSpec{t.value, ""}) : t.text;
  }

  // A number or a duration token ("5m", "300", "1.5").
  Result<DurationTerm> DurationLiteral(const Token& t) {
    DurationTerm term;
    term.begin = t.begin;
    if (t.kind == TokenKind::kDuration) {
      auto d = ParsePromDuration(t.text);
      if (!d.ok()) return Fail(t.begin, d.status().message());
      term.value = *d;
      return term;
    }
    NAGAME_ASSIGN_OR_RETURN(double seconds, NumberValue(t));
    if (std::isnan(seconds) || SecondsOutOfRange(seconds)) {
      return Fail(t.begin, "duration out of range");
    }
    term.value = Duration(static_cast<int64_t>(std::llround(seconds * 1e9)));
    return term;
  }

  // `step()`, `range()`, `min_of(a, b)` or `max_of(a, b)`, after the word was peeked.
  Result<DurationTerm> DurationFunction() {
    const Token& word = Next();
    const std::string name = AsciiLower(word.text);
    NAGAME_RETURN_IF_ERROR(RequireDurationExpressions(word.begin));
    const Token& open = Next();
    if (open.kind != TokenKind::kLeftParen) return Unexpected(open, name, "\"(\"");
    DurationTerm term;
    term.literal = false;
    term.begin = word.begin;
    term.text = name + "(";
    if (name == "min_of" || name == "max_of") {
      NAGAME_ASSIGN_OR_RETURN(DurationTerm a, ParseDurationExpr(0));
      const Token& comma = Next();
      if (comma.kind != TokenKind::kComma) return Unexpected(comma, name, "\",\"");
      NAGAME_ASSIGN_OR_RETURN(DurationTerm b, ParseDurationExpr(0));
      term.text += TermText(a) + ", " + TermText(b);
    }
    const Token& close = Next();
    if (close.kind != TokenKind::kRightParen) return Unexpected(close, name, "\")\"");
    term.text += ")";
    return term;
  }

  // A number, a duration, a parenthesized duration expression or a duration function.
  Result<DurationTerm> DurationPrimary(std::string_view context) {
    const Token& t = Peek();
    if (t.kind == TokenKind::kNumber || t.kind == TokenKind::kDuration) {
      return DurationLiteral(Next());
    }
    if (t.kind == TokenKind::kLeftParen) {
      Next();
      NAGAME_RETURN_IF_ERROR(RequireDurationExpressions(t.begin));
      NAGAME_ASSIGN_OR_RETURN(DurationTerm inner, ParseDurationExpr(0));
      const Token& close = Next();
      if (close.kind != TokenKind::kRightParen) {
        return Unexpected(close, "duration expression", "\")\"");
      }
      DurationTerm term;
      term.literal = false;
      term.begin = t.begin;
      term.text = "(" + TermText(inner) + ")";
      return term;
    }
    if (t.kind == TokenKind::kIdentifier && IsDurationKeyword(t.text)) return DurationFunction();
    Next();
    return Unexpected(t, context, "number, duration, step(), or range()");
  }

  // A sign binds like `*`: -2^2 is -(2^2), -2*3 is (-2)*3.
  Result<DurationTerm> DurationUnary(std::string_view context) {
    if (!PeekIs(TokenKind::kAdd) && !PeekIs(TokenKind::kSub)) return DurationPrimary(context);
    const Token& sign = Next();
    NAGAME_ASSIGN_OR_RETURN(DurationTerm operand, ParseDurationExpr(kPrecPow, context));
    operand.begin = sign.begin;
    if (sign.kind == TokenKind::kSub) operand.Negate();
    return operand;
  }

  // Binary duration operators of at least `min_precedence` after `lhs`.
  Result<DurationTerm> DurationBinary(DurationTerm lhs, int min_precedence) {
    while (true) {
      std::optional<OpInfo> info = BinaryOpOf(Peek().kind);
      if (!info || info->precedence < min_precedence || info->precedence < kPrecAdd ||
          info->op == BinaryOp::kAtan2) {
        return lhs;
      }
      const Token& op = Next();
      NAGAME_RETURN_IF_ERROR(RequireDurationExpressions(lhs.begin));
      NAGAME_ASSIGN_OR_RETURN(
          DurationTerm rhs,
          ParseDurationExpr(info->right_assoc ? info->precedence : info->precedence + 1));
      if ((info->op == BinaryOp::kDiv || info->op == BinaryOp::kMod) && rhs.literal &&
          rhs.value == Duration::zero()) {
        return Fail(op.begin, info->op == BinaryOp::kDiv ? "division by zero" : "modulo by zero");
      }
      // Appended in place: a long chain (`1s + 1s + …`) stays linear.
      std::string text = lhs.literal ? TermText(lhs) : std::move(lhs.text);
      text += std::string(" ") + BinaryOpText(info->op) + " " + TermText(rhs);
      lhs.literal = false;
      lhs.text = std::move(text);
    }
  }

  Result<DurationTerm> ParseDurationExpr(int min_precedence,
                                         std::string_view context = "duration expression") {
    DepthGuard guard(depth_);
    if (depth_ > kMaxNestingDepth) {
      return Fail(Peek().begin, "expression nested too deeply: more than " +
                                    std::to_string(kMaxNestingDepth) + " levels");
    }
    NAGAME_ASSIGN_OR_RETURN(DurationTerm lhs, DurationUnary(context));
    return DurationBinary(std::move(lhs), min_precedence);
  }

  static DurationSpec ToSpec(const DurationTerm& t) {
    DurationSpec d;
    if (t.literal) {
      d.value = t.value;
    } else {
      d.expression = t.text;
    }
    return d;
  }

  // A range or subquery step: a literal must be > 0 (an expression is checked when it runs).
  Result<DurationSpec> PositiveDuration(std::string_view context) {
    NAGAME_ASSIGN_OR_RETURN(DurationTerm t, ParseDurationExpr(0, context));
    if (t.literal && t.value <= Duration::zero()) {
      return Fail(t.begin, "duration must be greater than 0");
    }
    return ToSpec(t);
  }

  // After `offset`: a signed literal, a duration function, or a parenthesized expression (which
  // operators may continue); `foo offset -2^2` is `(foo offset -2)^2`, as in Prometheus.
  Result<DurationSpec> OffsetDuration() {
    const Token& first = Peek();
    const bool sign = first.kind == TokenKind::kAdd || first.kind == TokenKind::kSub;
    if (sign) Next();
    const Token& t = Peek();
    DurationTerm term;
    if (t.kind == TokenKind::kNumber || t.kind == TokenKind::kDuration) {
      NAGAME_ASSIGN_OR_RETURN(term, DurationLiteral(Next()));
    } else if (t.kind == TokenKind::kIdentifier && IsDurationKeyword(t.text)) {
      NAGAME_ASSIGN_OR_RETURN(term, DurationFunction());
    } else if (t.kind == TokenKind::kLeftParen) {
      NAGAME_ASSIGN_OR_RETURN(term, DurationPrimary("offset"));
      if (!sign) {
        NAGAME_ASSIGN_OR_RETURN(term, DurationBinary(std::move(term), 0));
      }
    } else {
      Next();
      return Unexpected(t, "offset", "number, duration, step(), or range()");
    }
    if (first.kind == TokenKind::kSub) term.Negate();
    return ToSpec(term);
  }

  // --- Grammar -------------------------------------------------------------------------------

  Result<ExprPtr> ParseAll() {
    if (PeekIs(TokenKind::kEof)) return Fail(0, "no expression found in input");
    NAGAME_ASSIGN_OR_RETURN(ExprPtr e, ParseExpr(0));
    const Token& t = Peek();
    if (t.kind != TokenKind::kEof) {
      return Unexpected(t, "", "an operator or the end of the expression");
    }
    NAGAME_RETURN_IF_ERROR(Check(*e).status());
    return e;
  }

  // Binary operators of at least `min_precedence`, by precedence climbing.
  Result<ExprPtr> ParseExpr(int min_precedence) {
    DepthGuard guard(depth_);
    if (depth_ > kMaxNestingDepth) {
      return Fail(Peek().begin, "expression nested too deeply: more than " +
                                    std::to_string(kMaxNestingDepth) + " levels");
    }
    NAGAME_ASSIGN_OR_RETURN(ExprPtr lhs, ParseUnary());
    while (true) {
      std::optional<OpInfo> info = BinaryOpOf(Peek().kind);
      if (!info || info->precedence < min_precedence) return lhs;
      Next();
      BinaryExpr bin;
      bin.op = info->op;
      if (PeekIs(TokenKind::kBool)) {
        Next();
        bin.return_bool = true;
      }
      if (PeekIs(TokenKind::kOn) || PeekIs(TokenKind::kIgnoring)) {
        bin.matching = Next().kind == TokenKind::kOn ? BinaryExpr::Matching::kOn
                                                     : BinaryExpr::Matching::kIgnoring;
        NAGAME_ASSIGN_OR_RETURN(bin.matching_labels, ParseGroupingLabels());
        if (PeekIs(TokenKind::kGroupLeft) || PeekIs(TokenKind::kGroupRight)) {
          bin.group = Next().kind == TokenKind::kGroupLeft ? BinaryExpr::Group::kLeft
                                                           : BinaryExpr::Group::kRight;
          if (PeekIs(TokenKind::kLeftParen)) {
            NAGAME_ASSIGN_OR_RETURN(bin.include, ParseGroupingLabels());
          }
        }
      } else if (PeekIs(TokenKind::kGroupLeft) || PeekIs(TokenKind::kGroupRight)) {
        return Fail(Peek().begin, "unexpected " + DescribeToken(Peek()) +
                                      ": on(...) or ignoring(...) must come before it");
      }
      NAGAME_ASSIGN_OR_RETURN(
          ExprPtr rhs, ParseExpr(info->right_assoc ? info->precedence : info->precedence + 1));
      Position position{lhs->position.begin, rhs->position.end};
      int height = 1 + std::max(lhs->height, rhs->height);
      bin.lhs = std::move(lhs);
      bin.rhs = std::move(rhs);
      NAGAME_ASSIGN_OR_RETURN(lhs, Make(std::move(bin), position, height));
    }
  }

  // A sign binds looser than `^` and tighter than `*`: -a^b is -(a^b), -a*b is (-a)*b.
  Result<ExprPtr> ParseUnary() {
    if (PeekIs(TokenKind::kAdd) || PeekIs(TokenKind::kSub)) {
      const Token& sign = Next();
      bool negative = sign.kind == TokenKind::kSub;
      NAGAME_ASSIGN_OR_RETURN(ExprPtr operand, ParseExpr(kPrecPow));
      if (NumberLiteral* n = operand->As<NumberLiteral>()) {
        if (negative) n->value = -n->value;
        operand->position.begin = sign.begin;
        return operand;
      }
      Position position{sign.begin, operand->position.end};
      int height = operand->height + 1;
      return Make(UnaryExpr{negative, std::move(operand)}, position, height);
    }
    NAGAME_ASSIGN_OR_RETURN(ExprPtr primary, ParsePrimary());
    return ParsePostfix(std::move(primary));
  }

  // Ranges, subqueries, `offset` and `@` bind tighter than any operator.
  Result<ExprPtr> ParsePostfix(ExprPtr e) {
    while (true) {
      switch (Peek().kind) {
        case TokenKind::kLeftBracket: {
          NAGAME_ASSIGN_OR_RETURN(e, ParseRangeOrSubquery(std::move(e)));
          break;
        }
        case TokenKind::kOffset: {
          NAGAME_ASSIGN_OR_RETURN(e, ParseOffset(std::move(e)));
          break;
        }
        case TokenKind::kAt: {
          NAGAME_ASSIGN_OR_RETURN(e, ParseAt(std::move(e)));
          break;
        }
        case TokenKind::kIdentifier: {
          const std::string word = AsciiLower(Peek().text);
          if (word != "anchored" && word != "smoothed") return e;
          NAGAME_ASSIGN_OR_RETURN(e, ParseRangeModifier(std::move(e)));
          break;
        }
        default:
          return e;
      }
    }
  }

  Result<ExprPtr> ParseRangeOrSubquery(ExprPtr e) {
    const Token& open = Next();
    NAGAME_ASSIGN_OR_RETURN(DurationSpec range, PositiveDuration("subquery or range"));
    if (PeekIs(TokenKind::kRightBracket)) {
      const Token& close = Next();
      VectorSelector* vs = e->As<VectorSelector>();
      if (vs == nullptr) return Fail(open.begin, "ranges only allowed for vector selectors");
      if (vs->offset.is_set()) return Fail(open.begin, "no offset modifiers allowed before range");
      if (vs->at) return Fail(open.begin, "no @ modifiers allowed before range");
      Position position{e->position.begin, close.end};
      return Make(MatrixSelector{std::move(*vs), std::move(range)}, position, e->height);
    }
    if (!PeekIs(TokenKind::kColon)) {
      return Unexpected(Peek(), "subquery or range", "\":\" or \"]\"");
    }
    Next();
    DurationSpec step;
    bool has_step = false;
    if (!PeekIs(TokenKind::kRightBracket)) {
      NAGAME_ASSIGN_OR_RETURN(step, PositiveDuration("subquery selector"));
      has_step = true;
    }
    const Token& close = Next();
    if (close.kind != TokenKind::kRightBracket) {
      return Unexpected(close, "subquery selector", has_step ? "\"]\"" : "duration or \"]\"");
    }
    Position position{e->position.begin, close.end};
    int height = e->height + 1;
    SubqueryExpr sq;
    sq.expr = std::move(e);
    sq.range = std::move(range);
    sq.step = std::move(step);
    return Make(std::move(sq), position, height);
  }

  Result<ExprPtr> ParseOffset(ExprPtr e) {
    const Token& keyword = Next();
    NAGAME_ASSIGN_OR_RETURN(DurationSpec offset, OffsetDuration());
    DurationSpec* slot = nullptr;
    if (VectorSelector* vs = e->As<VectorSelector>()) {
      slot = &vs->offset;
    } else if (MatrixSelector* m = e->As<MatrixSelector>()) {
      slot = &m->selector.offset;
    } else if (SubqueryExpr* sq = e->As<SubqueryExpr>()) {
      slot = &sq->offset;
    } else {
      return Fail(keyword.begin,
                  "offset modifier must be preceded by an instant vector selector or range "
                  "vector selector or a subquery");
    }
    if (slot->is_set()) return Fail(keyword.begin, "offset may not be set multiple times");
    *slot = std::move(offset);
    e->position.end = LastEnd();
    return e;
  }

  // Prometheus 3's experimental `anchored` and `smoothed` (after the word was peeked).
  Result<ExprPtr> ParseRangeModifier(ExprPtr e) {
    const Token& word = Next();
    const std::string name = AsciiLower(word.text);
    if (!options_.experimental) {
      return Fail(word.begin, name + " modifier is experimental and not enabled");
    }
    VectorSelector* vs = e->As<VectorSelector>();
    if (MatrixSelector* m = e->As<MatrixSelector>()) vs = &m->selector;
    if (vs == nullptr) {
      return Fail(word.begin, e->As<SubqueryExpr>() != nullptr
                                  ? name + " modifier is not supported for subqueries"
                                  : name + " modifier not implemented");
    }
    (name == "anchored" ? vs->anchored : vs->smoothed) = true;
    if (vs->anchored && vs->smoothed) {
      return Fail(word.begin, "anchored and smoothed modifiers cannot be used together");
    }
    e->position.end = word.end;
    return e;
  }

  Result<ExprPtr> ParseAt(ExprPtr e) {
    const Token& at = Next();
    AtModifier modifier;
    const Token& t = Next();
    if (t.kind == TokenKind::kStart || t.kind == TokenKind::kEnd) {
      modifier.kind =
          t.kind == TokenKind::kStart ? AtModifier::Kind::kStart : AtModifier::Kind::kEnd;
      const Token& open = Next();
      if (open.kind != TokenKind::kLeftParen) return Unexpected(open, "@", "\"(\"");
      const Token& close = Next();
      if (close.kind != TokenKind::kRightParen) return Unexpected(close, "@", "\")\"");
    } else {
      const Token* number = &t;
      bool negative = false;
      if (t.kind == TokenKind::kAdd || t.kind == TokenKind::kSub) {
        negative = t.kind == TokenKind::kSub;
        number = &Next();
      }
      double ts = 0;
      if (number->kind == TokenKind::kDuration) {  // `@ 1m`: seconds since the epoch
        NAGAME_ASSIGN_OR_RETURN(DurationTerm d, DurationLiteral(*number));
        ts = std::chrono::duration<double>(d.value).count();
      } else if (number->kind == TokenKind::kNumber) {
        NAGAME_ASSIGN_OR_RETURN(ts, NumberValue(*number));
      } else {
        return Unexpected(*number, "@", "timestamp");
      }
      if (negative) ts = -ts;
      // Prometheus keeps the time in int64 milliseconds.
      if (!std::isfinite(ts) || std::abs(ts) >= 9.2e15) {
        return Fail(number->begin, "timestamp out of bounds for @ modifier");
      }
      modifier.timestamp = ts;
    }
    std::optional<AtModifier>* slot = nullptr;
    if (VectorSelector* vs = e->As<VectorSelector>()) {
      slot = &vs->at;
    } else if (MatrixSelector* m = e->As<MatrixSelector>()) {
      slot = &m->selector.at;
    } else if (SubqueryExpr* sq = e->As<SubqueryExpr>()) {
      slot = &sq->at;
    } else {
      return Fail(at.begin,
                  "@ modifier must be preceded by an instant vector selector or range vector "
                  "selector or a subquery");
    }
    if (slot->has_value()) return Fail(at.begin, "@ <timestamp> may not be set multiple times");
    *slot = modifier;
    e->position.end = LastEnd();
    return e;
  }

  Result<ExprPtr> ParsePrimary() {
    const Token& t = Peek();
    switch (t.kind) {
      case TokenKind::kNumber: {
        Next();
        NAGAME_ASSIGN_OR_RETURN(double v, NumberValue(t));
        return Make(NumberLiteral{v}, {t.begin, t.end}, 1);
      }
      case TokenKind::kString:
        Next();
        return Make(StringLiteral{Unquote(t.text)}, {t.begin, t.end}, 1);
      case TokenKind::kLeftParen: {
        Next();
        NAGAME_ASSIGN_OR_RETURN(ExprPtr inner, ParseExpr(0));
        const Token& close = Next();
        if (close.kind != TokenKind::kRightParen) {
          return Unexpected(close, "parenthesized expression", "\")\"");
        }
        int height = inner->height + 1;
        return Make(ParenExpr{std::move(inner)}, {t.begin, close.end}, height);
      }
      case TokenKind::kLeftBrace:
        return ParseSelector(nullptr);
      case TokenKind::kIdentifier:
        if (Peek(1).kind == TokenKind::kLeftParen) return ParseCall();
        return ParseSelector(&t);
      default:
        break;
    }
    if (IsAggregatorToken(t.kind)) {
      TokenKind after = Peek(1).kind;
      if (after == TokenKind::kLeftParen || after == TokenKind::kBy ||
          after == TokenKind::kWithout) {
        return ParseAggregation();
      }
    }
    if ((t.kind == TokenKind::kStart || t.kind == TokenKind::kEnd) &&
        Peek(1).kind == TokenKind::kLeftParen) {
      return ParseCall();
    }
    if (CanNameMetric(t.kind)) return ParseSelector(&t);
    return Unexpected(t, "", "an expression");
  }

  // `name`, `name{…}` or `{…}`; `name` is the metric-name token or nullptr.
  Result<ExprPtr> ParseSelector(const Token* name) {
    VectorSelector vs;
    size_t begin = Peek().begin;
    size_t end = begin;
    if (name != nullptr) {
      Next();
      vs.name = std::string(name->text);
      end = name->end;
    }
    if (PeekIs(TokenKind::kLeftBrace)) {
      Next();
      while (true) {
        const Token& label = Next();
        if (label.kind == TokenKind::kRightBrace) {
          end = label.end;
          break;
        }
        if (label.kind != TokenKind::kIdentifier && label.kind != TokenKind::kString) {
          return Unexpected(label, "label matching", "label name or \"}\"");
        }
        Matcher m;
        m.name = label.kind == TokenKind::kString ? Unquote(label.text) : std::string(label.text);
        if (label.kind == TokenKind::kString &&
            (PeekIs(TokenKind::kComma) || PeekIs(TokenKind::kRightBrace))) {
          // A quoted name alone is the metric name (Prometheus 3): {"http.server.duration"}.
          m.value = std::move(m.name);
          m.name = "__name__";
          vs.matchers.push_back(std::move(m));
          if (Next().kind == TokenKind::kRightBrace) {
            end = LastEnd();
            break;
          }
          continue;
        }
        const Token& op = Next();
        switch (op.kind) {
          case TokenKind::kAssign:
            m.op = MatchOp::kEqual;
            break;
          case TokenKind::kNeq:
            m.op = MatchOp::kNotEqual;
            break;
          case TokenKind::kEqlRegex:
            m.op = MatchOp::kRegexMatch;
            break;
          case TokenKind::kNeqRegex:
            m.op = MatchOp::kRegexNoMatch;
            break;
          default:
            return Unexpected(op, "label matching", "one of =, !=, =~, !~");
        }
        const Token& value = Next();
        if (value.kind != TokenKind::kString) {
          return Unexpected(value, "label matching", "string");
        }
        m.value = Unquote(value.text);
        if (m.op == MatchOp::kRegexMatch || m.op == MatchOp::kRegexNoMatch) {
          auto re = Regex::Compile(m.value);
          if (!re.ok()) return Fail(value.begin, re.status().message());
          m.regex = std::move(*re);
        }
        vs.matchers.push_back(std::move(m));
        const Token& sep = Next();
        if (sep.kind == TokenKind::kRightBrace) {
          end = sep.end;
          break;
        }
        if (sep.kind != TokenKind::kComma) {
          return Unexpected(sep, "label matching", "\",\" or \"}\"");
        }
      }
    }
    return Make(std::move(vs), {begin, end}, 1);
  }

  // After a consumed "(": expressions separated by commas, then ")".
  Result<Args> ParseArgs(std::string_view context) {
    Args args;
    if (PeekIs(TokenKind::kRightParen)) {
      args.end = Next().end;
      return args;
    }
    while (true) {
      NAGAME_ASSIGN_OR_RETURN(ExprPtr e, ParseExpr(0));
      args.exprs.push_back(std::move(e));
      const Token& sep = Next();
      if (sep.kind == TokenKind::kRightParen) {
        args.end = sep.end;
        return args;
      }
      if (sep.kind != TokenKind::kComma) return Unexpected(sep, context, "\",\" or \")\"");
      if (PeekIs(TokenKind::kRightParen)) {
        return Fail(sep.begin, "trailing commas not allowed in function call args");
      }
    }
  }

  static int MaxHeight(const std::vector<ExprPtr>& exprs) {
    int h = 0;
    for (const ExprPtr& e : exprs) h = std::max(h, e->height);
    return h;
  }

  Result<ExprPtr> ParseCall() {
    const Token& name = Next();
    const Function* f = FindFunction(name.text);
    if (f == nullptr) {
      return Fail(name.begin, "unknown function with name " + QuoteForMessage(name.text));
    }
    if (f->experimental && !options_.experimental) {
      return Fail(name.begin, "function " + QuoteForMessage(name.text) + " is not enabled");
    }
    Next();  // "("
    NAGAME_ASSIGN_OR_RETURN(Args args, ParseArgs("function call"));
    int height = MaxHeight(args.exprs) + 1;
    return Make(Call{std::string(name.text), std::move(args.exprs)}, {name.begin, args.end},
                height);
  }

  Result<ExprPtr> ParseAggregation() {
    const Token& op = Next();
    AggregateExpr agg;
    agg.op = AggregateOpOf(op.kind);
    auto modifier = [&]() -> Status {
      agg.without = Next().kind == TokenKind::kWithout;
      agg.has_grouping = true;
      NAGAME_ASSIGN_OR_RETURN(agg.grouping, ParseGroupingLabels());
      return Status::Ok();
    };
    if (PeekIs(TokenKind::kBy) || PeekIs(TokenKind::kWithout)) NAGAME_RETURN_IF_ERROR(modifier());
    const Token& open = Next();
    if (open.kind != TokenKind::kLeftParen) return Unexpected(open, "aggregation", "\"(\"");
    NAGAME_ASSIGN_OR_RETURN(Args args, ParseArgs("aggregation"));
    size_t end = args.end;
    if (!agg.has_grouping && (PeekIs(TokenKind::kBy) || PeekIs(TokenKind::kWithout))) {
      NAGAME_RETURN_IF_ERROR(modifier());
      end = LastEnd();
    }
    size_t wanted = TakesParameter(agg.op) ? 2 : 1;
    if (args.exprs.empty()) {
      return Fail(op.begin, "no arguments for aggregate expression provided");
    }
    if (args.exprs.size() != wanted) {
      return Fail(op.begin,
                  "wrong number of arguments for aggregate expression provided, "
                  "expected " +
                      std::to_string(wanted) + ", got " + std::to_string(args.exprs.size()));
    }
    int height = MaxHeight(args.exprs) + 1;
    if (wanted == 2) agg.param = std::move(args.exprs[0]);
    agg.expr = std::move(args.exprs.back());
    return Make(std::move(agg), {op.begin, end}, height);
  }

  // `(label, …)` after by, without, on, ignoring, group_left or group_right. Keywords are
  // fine as label names here.
  Result<std::vector<std::string>> ParseGroupingLabels() {
    const Token& open = Next();
    if (open.kind != TokenKind::kLeftParen) return Unexpected(open, "grouping opts", "\"(\"");
    std::vector<std::string> labels;
    if (PeekIs(TokenKind::kRightParen)) {
      Next();
      return labels;
    }
    while (true) {
      const Token& label = Next();
      if (label.kind == TokenKind::kString) {  // a quoted UTF-8 label name (Prometheus 3)
        std::string name = Unquote(label.text);
        if (name.empty() || !IsValidUtf8(name)) {
          return Fail(label.begin, "invalid label name for grouping: " + QuoteForMessage(name));
        }
        labels.push_back(std::move(name));
      } else if (label.kind == TokenKind::kIdentifier || IsKeywordToken(label.kind)) {
        labels.emplace_back(label.text);
      } else {
        return Unexpected(label, "grouping opts", "label");
      }
      const Token& sep = Next();
      if (sep.kind == TokenKind::kRightParen) return labels;
      if (sep.kind != TokenKind::kComma) return Unexpected(sep, "grouping opts", "\",\" or \")\"");
      if (PeekIs(TokenKind::kRightParen)) {
        Next();
        return labels;
      }
    }
  }

  // --- Type checks (Prometheus' checkAST), after a successful parse -------------------------

  Status ExpectType(const Expr& e, ValueType want, std::string_view context) {
    NAGAME_ASSIGN_OR_RETURN(ValueType got, Check(e));
    if (got != want) {
      return Fail(e.position.begin, "expected type " + std::string(ValueTypeName(want)) + " in " +
                                        std::string(context) + ", got " + ValueTypeName(got));
    }
    return Status::Ok();
  }

  Status CheckSelector(const VectorSelector& vs, const Position& position) {
    if (!vs.name.empty()) {
      for (const Matcher& m : vs.matchers) {
        if (m.name == "__name__") {
          return Fail(position.begin,
                      "metric name must not be set twice: " + QuoteForMessage(vs.name) + " or " +
                          QuoteForMessage(m.value));
        }
      }
      return Status::Ok();
    }
    for (const Matcher& m : vs.matchers) {
      if (!m.Matches("")) return Status::Ok();
    }
    return Fail(position.begin, "vector selector must contain at least one non-empty matcher");
  }

  Result<ValueType> Check(const Expr& e) {
    const Position& pos = e.position;
    if (e.As<NumberLiteral>() != nullptr) return ValueType::kScalar;
    if (e.As<StringLiteral>() != nullptr) return ValueType::kString;
    if (const VectorSelector* vs = e.As<VectorSelector>()) {
      NAGAME_RETURN_IF_ERROR(CheckSelector(*vs, pos));
      return ValueType::kVector;
    }
    if (const MatrixSelector* m = e.As<MatrixSelector>()) {
      NAGAME_RETURN_IF_ERROR(CheckSelector(m->selector, pos));
      return ValueType::kMatrix;
    }
    if (const SubqueryExpr* sq = e.As<SubqueryExpr>()) {
      NAGAME_ASSIGN_OR_RETURN(ValueType t, Check(*sq->expr));
      if (t != ValueType::kVector) {
        return Fail(pos.begin, "subquery is only allowed on instant vector, got " +
                                   std::string(ValueTypeName(t)) + " instead");
      }
      return ValueType::kMatrix;
    }
    if (const ParenExpr* p = e.As<ParenExpr>()) return Check(*p->expr);
    if (const UnaryExpr* u = e.As<UnaryExpr>()) {
      NAGAME_ASSIGN_OR_RETURN(ValueType t, Check(*u->expr));
      if (t != ValueType::kScalar && t != ValueType::kVector) {
        return Fail(pos.begin,
                    "unary expression only allowed on expressions of type scalar or instant "
                    "vector, got " +
                        std::string(ValueTypeName(t)));
      }
      return t;
    }
    if (const Call* c = e.As<Call>()) return CheckCall(*c, pos);
    if (const AggregateExpr* a = e.As<AggregateExpr>()) {
      NAGAME_RETURN_IF_ERROR(ExpectType(*a->expr, ValueType::kVector, "aggregation expression"));
      if (a->param) {
        ValueType want =
            a->op == AggregateOp::kCountValues ? ValueType::kString : ValueType::kScalar;
        NAGAME_RETURN_IF_ERROR(ExpectType(*a->param, want, "aggregation parameter"));
      }
      return ValueType::kVector;
    }
    const BinaryExpr* b = e.As<BinaryExpr>();
    return CheckBinary(*b);
  }

  Result<ValueType> CheckCall(const Call& c, const Position& pos) {
    const Function* f = FindFunction(c.function);
    if (f == nullptr) return Fail(pos.begin, "unknown function with name " + c.function);
    size_t typed = f->arg_types.size();
    size_t n = c.args.size();
    std::string name = QuoteForMessage(c.function);
    if (f->variadic == 0) {
      if (n != typed) {
        return Fail(pos.begin, "expected " + std::to_string(typed) + " argument(s) in call to " +
                                   name + ", got " + std::to_string(n));
      }
    } else {
      size_t at_least = typed - 1;
      if (n < at_least) {
        return Fail(pos.begin, "expected at least " + std::to_string(at_least) +
                                   " argument(s) in call to " + name + ", got " +
                                   std::to_string(n));
      }
      if (f->variadic > 0 && n > at_least + static_cast<size_t>(f->variadic)) {
        return Fail(pos.begin, "expected at most " + std::to_string(at_least + f->variadic) +
                                   " argument(s) in call to " + name + ", got " +
                                   std::to_string(n));
      }
    }
    for (size_t i = 0; i < n; ++i) {
      if (c.function == "info" && i == 1) {
        NAGAME_RETURN_IF_ERROR(CheckInfoLabels(*c.args[1]));
        continue;
      }
      ValueType want = f->arg_types[std::min(i, typed - 1)];
      NAGAME_RETURN_IF_ERROR(ExpectType(*c.args[i], want, "call to function " + name));
    }
    return f->return_type;
  }

  // info()'s second argument: label matchers only (`{k8s_cluster_name="x"}`), which may all
  // match the empty string.
  Status CheckInfoLabels(const Expr& arg) {
    const VectorSelector* vs = arg.As<VectorSelector>();
    if (vs == nullptr) {
      NAGAME_ASSIGN_OR_RETURN(ValueType t, Check(arg));
      if (t != ValueType::kVector) {
        return Fail(arg.position.begin,
                    "expected type instant vector in call to function "
                    "\"info\", got " +
                        std::string(ValueTypeName(t)));
      }
      return Fail(arg.position.begin, "expected label selectors only");
    }
    if (!vs->name.empty()) {
      return Fail(arg.position.begin, "expected label selectors only, got vector selector instead");
    }
    return Status::Ok();
  }

  Result<ValueType> CheckBinary(const BinaryExpr& b) {
    NAGAME_ASSIGN_OR_RETURN(ValueType lt, Check(*b.lhs));
    NAGAME_ASSIGN_OR_RETURN(ValueType rt, Check(*b.rhs));
    size_t op_at = OperatorOffset(b);
    std::string op = QuoteForMessage(BinaryOpText(b.op));
    if (b.return_bool && !IsComparison(b.op)) {
      return Fail(op_at, "bool modifier can only be used on comparison operators");
    }
    if (IsComparison(b.op) && !b.return_bool && lt == ValueType::kScalar &&
        rt == ValueType::kScalar) {
      return Fail(op_at, "comparisons between scalars must use BOOL modifier");
    }
    if (b.matching == BinaryExpr::Matching::kOn) {
      for (const std::string& l : b.matching_labels) {
        if (std::find(b.include.begin(), b.include.end(), l) != b.include.end()) {
          return Fail(op_at, "label " + QuoteForMessage(l) +
                                 " must not occur in ON and GROUP clause at once");
        }
      }
    }
    if (lt != ValueType::kScalar && lt != ValueType::kVector) {
      return Fail(b.lhs->position.begin,
                  "binary expression must contain only scalar and instant vector types");
    }
    if (rt != ValueType::kScalar && rt != ValueType::kVector) {
      return Fail(b.rhs->position.begin,
                  "binary expression must contain only scalar and instant vector types");
    }
    bool both_vectors = lt == ValueType::kVector && rt == ValueType::kVector;
    if (!both_vectors) {
      if (!b.matching_labels.empty()) {
        return Fail(op_at, "vector matching only allowed between instant vectors");
      }
      if (IsSetOperator(b.op)) {
        return Fail(op_at, "set operator " + op + " not allowed in binary scalar expression");
      }
    } else if (IsSetOperator(b.op) && b.group != BinaryExpr::Group::kNone) {
      return Fail(op_at, "no grouping allowed for " + op + " operation");
    }
    return lt == ValueType::kScalar && rt == ValueType::kScalar ? ValueType::kScalar
                                                                : ValueType::kVector;
  }

  // The byte offset of b's operator: the first byte after its left operand that is neither
  // white space nor part of a comment.
  size_t OperatorOffset(const BinaryExpr& b) const {
    size_t i = b.lhs->position.end;
    while (i < b.rhs->position.begin) {
      char c = text_[i];
      if (c == '#') {
        while (i < text_.size() && text_[i] != '\n') ++i;
        continue;
      }
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return i;
      ++i;
    }
    return b.lhs->position.end;
  }

  std::string_view text_;
  ParseOptions options_;
  std::vector<Token> tokens_;
  size_t next_ = 0;
  int depth_ = 0;
  size_t error_offset_ = 0;
  std::string error_message_;
};

}  // namespace

Result<Expr> Parse(std::string_view text, ParseError* error, const ParseOptions& options) {
  return Parser(text, options).Run(error);
}

Result<Duration> ParsePromDuration(std::string_view text) {
  using std::chrono::hours;
  using std::chrono::milliseconds;
  using std::chrono::minutes;
  using std::chrono::seconds;
  struct Unit {
    std::string_view name;
    Duration size;
  };
  static const Unit kUnits[] = {
      {"y", hours(24 * 365)}, {"w", hours(24 * 7)}, {"d", hours(24)},        {"h", hours(1)},
      {"m", minutes(1)},      {"s", seconds(1)},    {"ms", milliseconds(1)},
  };
  auto bad = [&] {
    return InvalidArgument("not a valid duration string: " + QuoteForMessage(text));
  };
  if (text.empty()) return bad();
  Duration total{0};
  size_t next_unit = 0;
  size_t i = 0;
  while (i < text.size()) {
    uint64_t v = 0;
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (v > (std::numeric_limits<uint64_t>::max() - 9) / 10) {
        return InvalidArgument("duration out of range: " + QuoteForMessage(text));
      }
      v = v * 10 + static_cast<uint64_t>(text[i] - '0');
      ++i;
    }
    if (i == start) return bad();
    std::string_view unit = text.substr(i, text.substr(i).starts_with("ms") ? 2 : 1);
    size_t u = next_unit;
    while (u < std::size(kUnits) && kUnits[u].name != unit) ++u;
    if (u == std::size(kUnits)) return bad();
    next_unit = u + 1;
    i += unit.size();
    int64_t size = kUnits[u].size.count();
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max() / size) ||
        total.count() > std::numeric_limits<int64_t>::max() - static_cast<int64_t>(v) * size) {
      return InvalidArgument("duration out of range: " + QuoteForMessage(text));
    }
    total += Duration(static_cast<int64_t>(v) * size);
  }
  return total;
}

}  // namespace nagame::rules::promql

// The PromQL lexer, following the states of Prometheus 2.x's promql/parser/lex.go.
#include "rules/promql/lexer.h"

#include <cctype>
#include <utility>

#include "rules/promql/ast.h"
#include "rules/utf8.h"

namespace nagame::rules::promql {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsAlpha(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 16;
}

struct Keyword {
  const char* word;
  TokenKind kind;
};
constexpr Keyword kKeywords[] = {
    {"and", TokenKind::kLand},
    {"or", TokenKind::kLor},
    {"unless", TokenKind::kLunless},
    {"atan2", TokenKind::kAtan2},
    {"sum", TokenKind::kSum},
    {"avg", TokenKind::kAvg},
    {"count", TokenKind::kCount},
    {"min", TokenKind::kMin},
    {"max", TokenKind::kMax},
    {"group", TokenKind::kGroup},
    {"stddev", TokenKind::kStddev},
    {"stdvar", TokenKind::kStdvar},
    {"topk", TokenKind::kTopk},
    {"bottomk", TokenKind::kBottomk},
    {"quantile", TokenKind::kQuantile},
    {"count_values", TokenKind::kCountValues},
    {"limitk", TokenKind::kLimitk},
    {"limit_ratio", TokenKind::kLimitRatio},
    {"offset", TokenKind::kOffset},
    {"by", TokenKind::kBy},
    {"without", TokenKind::kWithout},
    {"on", TokenKind::kOn},
    {"ignoring", TokenKind::kIgnoring},
    {"group_left", TokenKind::kGroupLeft},
    {"group_right", TokenKind::kGroupRight},
    {"bool", TokenKind::kBool},
    {"start", TokenKind::kStart},
    {"end", TokenKind::kEnd},
    {"inf", TokenKind::kNumber},
    {"nan", TokenKind::kNumber},
};

TokenKind WordKind(std::string_view word) {
  const std::string lower = AsciiLower(word);
  for (const Keyword& k : kKeywords) {
    if (lower == k.word) return k.kind;
  }
  return word.find(':') == std::string_view::npos ? TokenKind::kIdentifier
                                                  : TokenKind::kMetricIdentifier;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) {}

  std::vector<Token> Run() {
    while (true) {
      bool more = brace_open_ ? InsideBraces() : Statements();
      if (!more) break;
    }
    return std::move(tokens_);
  }

 private:
  char At(size_t i) const { return i < s_.size() ? s_[i] : '\0'; }
  bool AtEnd(size_t i) const { return i >= s_.size(); }

  void Emit(TokenKind kind, size_t begin, size_t end) {
    tokens_.push_back(Token{kind, begin, end, s_.substr(begin, end - begin), {}});
    pos_ = end;
  }
  // Ends the token list with an error at byte `at`.
  bool Error(size_t at, std::string message) {
    tokens_.push_back(Token{TokenKind::kError, at, at, s_.substr(at, 0), std::move(message)});
    return false;
  }

  void SkipComment() {
    while (!AtEnd(pos_) && s_[pos_] != '\n' && s_[pos_] != '\r') ++pos_;
  }

  // One token outside braces. Returns false after the last token (EOF or error).
  bool Statements() {
    while (!AtEnd(pos_) && IsSpace(s_[pos_])) ++pos_;
    size_t b = pos_;
    if (AtEnd(b)) {
      if (paren_depth_ > 0) return Error(b, "unclosed left parenthesis");
      if (bracket_open_) return Error(b, "unclosed left bracket");
      Emit(TokenKind::kEof, b, b);
      return false;
    }
    char c = s_[b];
    char n = At(b + 1);
    switch (c) {
      case '#':
        SkipComment();
        return true;
      case ',':
        Emit(TokenKind::kComma, b, b + 1);
        return true;
      case '*':
        Emit(TokenKind::kMul, b, b + 1);
        return true;
      case '/':
        Emit(TokenKind::kDiv, b, b + 1);
        return true;
      case '%':
        Emit(TokenKind::kMod, b, b + 1);
        return true;
      case '+':
        Emit(TokenKind::kAdd, b, b + 1);
        return true;
      case '-':
        Emit(TokenKind::kSub, b, b + 1);
        return true;
      case '^':
        Emit(TokenKind::kPow, b, b + 1);
        return true;
      case '@':
        Emit(TokenKind::kAt, b, b + 1);
        return true;
      case '=':
        if (n == '=') {
          Emit(TokenKind::kEqlc, b, b + 2);
        } else if (n == '~') {
          return Error(b, "unexpected character after '=': '~' (=~ is only valid inside {...})");
        } else {
          Emit(TokenKind::kAssign, b, b + 1);
        }
        return true;
      case '!':
        if (n != '=') return Error(b, "unexpected character after '!'");
        Emit(TokenKind::kNeq, b, b + 2);
        return true;
      case '<':
        Emit(n == '=' ? TokenKind::kLte : TokenKind::kLss, b, n == '=' ? b + 2 : b + 1);
        return true;
      case '>':
        Emit(n == '=' ? TokenKind::kGte : TokenKind::kGtr, b, n == '=' ? b + 2 : b + 1);
        return true;
      case '"':
      case '\'':
        return QuotedString(c);
      case '`':
        return RawString();
      case '(':
        ++paren_depth_;
        Emit(TokenKind::kLeftParen, b, b + 1);
        return true;
      case ')':
        if (paren_depth_ == 0) return Error(b, "unexpected right parenthesis \")\"");
        --paren_depth_;
        Emit(TokenKind::kRightParen, b, b + 1);
        return true;
      case '{':
        brace_open_ = true;
        Emit(TokenKind::kLeftBrace, b, b + 1);
        return true;
      case '[':
        if (bracket_open_) return Error(b, "unexpected left bracket \"[\"");
        bracket_open_ = true;
        got_colon_ = false;
        Emit(TokenKind::kLeftBracket, b, b + 1);
        return true;
      case ']':
        if (!bracket_open_) return Error(b, "unexpected right bracket \"]\"");
        bracket_open_ = false;
        Emit(TokenKind::kRightBracket, b, b + 1);
        return true;
      default:
        break;
    }
    if (IsDigit(c) || (c == '.' && IsDigit(n))) return NumberOrDuration();
    if (bracket_open_) {
      if (c == ':') {
        if (got_colon_) return Error(b, "unexpected colon \":\"");
        got_colon_ = true;
        Emit(TokenKind::kColon, b, b + 1);
        return true;
      }
      // The words of Prometheus 3's duration expressions (step(), range(), min_of, max_of).
      size_t e = b;
      while (!AtEnd(e) && IsAlnum(s_[e])) ++e;
      if (IsDurationKeyword(s_.substr(b, e - b))) {
        Emit(TokenKind::kIdentifier, b, e);
        return true;
      }
      return Error(b, "unexpected character in range or subquery: " + QuoteChar(b) +
                          ", expected a duration, \":\" or \"]\"");
    }
    if (IsAlpha(c) || c == ':') {
      size_t e = b;
      while (!AtEnd(e) && (IsAlnum(s_[e]) || s_[e] == ':')) ++e;
      Emit(WordKind(s_.substr(b, e - b)), b, e);
      return true;
    }
    return Error(b, "unexpected character: " + QuoteChar(b));
  }

  // One token inside braces.
  bool InsideBraces() {
    while (!AtEnd(pos_) && IsSpace(s_[pos_])) ++pos_;
    size_t b = pos_;
    if (AtEnd(b)) return Error(b, "unexpected end of input inside braces");
    char c = s_[b];
    char n = At(b + 1);
    if (c == '#') {
      SkipComment();
      return true;
    }
    if (IsAlpha(c)) {
      size_t e = b;
      while (!AtEnd(e) && IsAlnum(s_[e])) ++e;
      Emit(TokenKind::kIdentifier, b, e);
      return true;
    }
    switch (c) {
      case ',':
        Emit(TokenKind::kComma, b, b + 1);
        return true;
      case '"':
      case '\'':
        return QuotedString(c);
      case '`':
        return RawString();
      case '=':
        if (n == '~') {
          Emit(TokenKind::kEqlRegex, b, b + 2);
        } else {
          Emit(TokenKind::kAssign, b, b + 1);
        }
        return true;
      case '!':
        if (n == '~') {
          Emit(TokenKind::kNeqRegex, b, b + 2);
        } else if (n == '=') {
          Emit(TokenKind::kNeq, b, b + 2);
        } else {
          return Error(b, "unexpected character after '!' inside braces");
        }
        return true;
      case '{':
        return Error(b, "unexpected left brace \"{\"");
      case '}':
        brace_open_ = false;
        Emit(TokenKind::kRightBrace, b, b + 1);
        return true;
      default:
        return Error(b, "unexpected character inside braces: " + QuoteChar(b));
    }
  }

  // A character for a message; a whole UTF-8 sequence when there is one.
  std::string QuoteChar(size_t i) const {
    size_t n = Utf8SequenceLength(s_, i);
    return QuoteForMessage(s_.substr(i, n == 0 ? 1 : n));
  }

  bool QuotedString(char quote) {
    size_t b = pos_;
    size_t i = b + 1;
    while (true) {
      if (AtEnd(i) || s_[i] == '\n') return Error(b, "unterminated quoted string");
      char c = s_[i];
      if (c == quote) break;
      if (c == '\\') {
        size_t esc = i;
        std::string problem;
        if (!Escape(quote, &i, &problem)) return Error(esc, problem);
        continue;
      }
      size_t n = Utf8SequenceLength(s_, i);
      if (n == 0) return Error(i, "invalid UTF-8 rune");
      i += n;
    }
    Emit(TokenKind::kString, b, i + 1);
    return true;
  }

  // Validates the escape at s_[*i] == '\\' as Prometheus does, advancing *i past it.
  bool Escape(char quote, size_t* i, std::string* problem) {
    size_t k = *i + 1;
    if (AtEnd(k)) {
      *problem = "escape sequence not terminated";
      return false;
    }
    char c = s_[k];
    int digits;
    uint32_t base, max;
    switch (c) {
      case 'a':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
      case 'v':
      case '\\':
        *i = k + 1;
        return true;
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
        digits = 3, base = 8, max = 255;
        break;
      case 'x':
        ++k, digits = 2, base = 16, max = 255;
        break;
      case 'u':
        ++k, digits = 4, base = 16, max = 0x10FFFF;
        break;
      case 'U':
        ++k, digits = 8, base = 16, max = 0x10FFFF;
        break;
      default:
        if (c == quote) {
          *i = k + 1;
          return true;
        }
        *problem = "unknown escape sequence \\" + std::string(1, c);
        return false;
    }
    uint32_t v = 0;
    for (int d = 0; d < digits; ++d, ++k) {
      if (AtEnd(k) || s_[k] == '\n') {
        *problem = "escape sequence not terminated";
        return false;
      }
      uint32_t dv = static_cast<uint32_t>(HexValue(s_[k]));
      if (dv >= base) {
        *problem = "illegal character " + QuoteChar(k) + " in escape sequence";
        return false;
      }
      v = v * base + dv;
    }
    if (v > max || (v >= 0xD800 && v < 0xE000)) {
      *problem = "escape sequence is an invalid Unicode code point";
      return false;
    }
    *i = k;
    return true;
  }

  bool RawString() {
    size_t b = pos_;
    size_t i = b + 1;
    while (true) {
      if (AtEnd(i)) return Error(b, "unterminated raw string");
      if (s_[i] == '`') break;
      size_t n = Utf8SequenceLength(s_, i);
      if (n == 0) return Error(i, "invalid UTF-8 rune");
      i += n;
    }
    Emit(TokenKind::kString, b, i + 1);
    return true;
  }

  // A number (2.x rules: [0x]digits[.digits][e[+-]digits]) or, when a unit follows, a
  // duration such as 1h30m.
  bool NumberOrDuration() {
    size_t b = pos_;
    size_t i = b;
    auto run = [&](auto pred) {
      while (!AtEnd(i) && pred(s_[i])) ++i;
    };
    bool hex = At(i) == '0' && (At(i + 1) == 'x' || At(i + 1) == 'X');
    if (hex) {
      i += 2;
      run([](char c) { return HexValue(c) < 16; });
    } else {
      run(IsDigit);
    }
    if (At(i) == '.') {
      ++i;
      if (hex) {
        run([](char c) { return HexValue(c) < 16; });
      } else {
        run(IsDigit);
      }
    }
    if (At(i) == 'e' || At(i) == 'E') {
      if (!hex) {
        ++i;
        if (At(i) == '+' || At(i) == '-') ++i;
        run(IsDigit);
      }
    }
    if (!IsAlnum(At(i))) {
      Emit(TokenKind::kNumber, b, i);
      return true;
    }
    // A duration: units from "smhdwy" (ms too), each optionally followed by more digits and a
    // unit. Bad unit orders are caught when the parser reads the value.
    auto unit = [&]() {
      char u = At(i);
      if (u != 's' && u != 'm' && u != 'h' && u != 'd' && u != 'w' && u != 'y') return false;
      ++i;
      if (At(i) == 's') ++i;
      return true;
    };
    bool ok = unit();
    while (ok && IsDigit(At(i))) {
      run(IsDigit);
      ok = unit();
    }
    if (ok && !IsAlnum(At(i))) {
      Emit(TokenKind::kDuration, b, i);
      return true;
    }
    size_t e = i;
    while (!AtEnd(e) && (IsAlnum(s_[e]) || s_[e] == '.')) ++e;
    return Error(b, "bad number or duration syntax: " + QuoteForMessage(s_.substr(b, e - b)));
  }

  std::string_view s_;
  size_t pos_ = 0;
  int paren_depth_ = 0;
  bool brace_open_ = false;
  bool bracket_open_ = false;
  bool got_colon_ = false;
  std::vector<Token> tokens_;
};

}  // namespace

std::vector<Token> Lex(std::string_view text) { return Lexer(text).Run(); }

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsDurationKeyword(std::string_view word) {
  const std::string lower = AsciiLower(word);
  return lower == "step" || lower == "range" || lower == "min_of" || lower == "max_of";
}

bool IsAggregatorToken(TokenKind kind) {
  return kind >= TokenKind::kSum && kind <= TokenKind::kLimitRatio;
}

bool IsKeywordToken(TokenKind kind) {
  return (kind >= TokenKind::kLand && kind <= TokenKind::kAtan2) || IsAggregatorToken(kind) ||
         (kind >= TokenKind::kOffset && kind <= TokenKind::kEnd);
}

std::string DescribeToken(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEof:
      return "end of input";
    case TokenKind::kError:
      return token.error;
    case TokenKind::kIdentifier:
      return "identifier " + QuoteForMessage(token.text);
    case TokenKind::kMetricIdentifier:
      return "metric identifier " + QuoteForMessage(token.text);
    case TokenKind::kNumber:
      return "number " + QuoteForMessage(token.text);
    case TokenKind::kString: {
      std::string shown(token.text.substr(0, 40));
      if (token.text.size() > 40) shown += "...";
      return "string " + shown;
    }
    case TokenKind::kDuration:
      return "duration " + QuoteForMessage(token.text);
    default:
      return QuoteForMessage(token.text);
  }
}

}  // namespace nagame::rules::promql

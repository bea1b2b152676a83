// The PromQL lexer: splits an expression into tokens the way Prometheus 3.x's lexer does.
//
// It is context-sensitive like Prometheus': inside `{…}` every word is a plain identifier (so
// label names may be keywords such as `by` or `on`) and `=~`/`!~` are operators; inside `[…]`
// only durations, numbers, `:`, the operators, parentheses and commas of duration expressions
// and the words step, range, min_of and max_of (identifiers) are tokens. Comments (`# …` to the end
// of the line) and white space are dropped. Keywords are case-insensitive; `inf` and `nan` are
// numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nagame::rules::promql {

enum class TokenKind : uint8_t {
  kEof,
  kError,             // a lexical error; `error` says what. Always the last token.
  kIdentifier,        // [a-zA-Z_][a-zA-Z0-9_]*
  kMetricIdentifier,  // an identifier containing ':' (outside braces only)
  kNumber,            // decimal, hex (0x…), float with exponent, Inf, NaN
  kString,            // "…", '…' or `…` (text keeps the quotes)
  kDuration,          // 5m, 1h30m, 250ms (validated by the parser)
  kLeftParen,
  kRightParen,
  kLeftBrace,
  kRightBrace,
  kLeftBracket,
  kRightBracket,
  kComma,
  kColon,
  kAt,
  kAssign,  // , : @ =
  // Operators.
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kPow,
  kEqlc,
  kNeq,
  kLte,
  kLss,
  kGte,
  kGtr,
  kEqlRegex,
  kNeqRegex,
  kLand,
  kLor,
  kLunless,
  kAtan2,
  // Aggregators.
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
  // Other keywords.
  kOffset,
  kBy,
  kWithout,
  kOn,
  kIgnoring,
  kGroupLeft,
  kGroupRight,
  kBool,
  kStart,
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEof;
  size_t begin = 0;       // byte offset of the first byte
  size_t end = 0;         // byte offset after the last byte
  std::string_view text;  // the bytes as written (a view into the lexed text)
  std::string error;      // for kError: what is wrong, e.g. "unterminated quoted string"
};

// Tokenizes `text`. The result always ends with one kEof token, or with one kError token at
// the first lexical error (unterminated string, bad escape, bad number, unbalanced `)`, `]`,
// an unclosed `(` or `[` at the end, a character that can't start a token). The tokens view
// into `text`, which must outlive them.
std::vector<Token> Lex(std::string_view text);

// `s` with A-Z lowered: PromQL's keywords are case-insensitive.
std::string AsciiLower(std::string_view s);

// True for the words of Prometheus 3's duration expressions: step, range, min_of, max_of
// (case-insensitive).
bool IsDurationKeyword(std::string_view word);

// True for the aggregation keywords (sum … limit_ratio).
bool IsAggregatorToken(TokenKind kind);
// True for every keyword token (operators spelled as words, aggregators, modifiers).
bool IsKeywordToken(TokenKind kind);

// How an error message names a token: `identifier "foo"`, `"}"`, `end of input`, ….
std::string DescribeToken(const Token& token);

}  // namespace nagame::rules::promql

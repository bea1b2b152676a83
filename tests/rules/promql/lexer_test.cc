// Tests for the PromQL lexer's context-sensitive tokens.
#include "rules/promql/lexer.h"

#include <gtest/gtest.h>

namespace nagame::rules::promql {
namespace {

// Kinds as short names, space-separated.
std::string Kinds(std::string_view text) {
  std::string out;
  for (const Token& t : Lex(text)) {
    std::string k;
    switch (t.kind) {
      case TokenKind::kEof:
        k = "EOF";
        break;
      case TokenKind::kError:
        k = "ERR(" + t.error + ")";
        break;
      case TokenKind::kIdentifier:
        k = "ID";
        break;
      case TokenKind::kMetricIdentifier:
        k = "MID";
        break;
      case TokenKind::kNumber:
        k = "NUM";
        break;
      case TokenKind::kString:
        k = "STR";
        break;
      case TokenKind::kDuration:
        k = "DUR";
        break;
      default:
        k = std::string(t.text);
        break;
    }
    out += (out.empty() ? "" : " ") + k;
  }
  return out;
}

TEST(Lex, TokensDependOnContext) {
  struct Case {
    const char* text;
    const char* kinds;
  };
  const Case cases[] = {
      {"sum by (on) (x)", "sum by ( on ) ( ID ) EOF"},
      {"x{by=\"a\", on!~'b'}", "ID { ID = STR , ID !~ STR } EOF"},
      {"a:b offset 5m", "MID offset DUR EOF"},
      {"x[1h30m:1m]", "ID [ DUR : DUR ] EOF"},
      {"1 + 0x1f - .5e3 * Inf / nan", "NUM + NUM - NUM * NUM / NUM EOF"},
      {"x # comment } ] )\n== bool y", "ID == bool ID EOF"},
      {"`raw\nstring` 'single'", "STR STR EOF"},
      {"x @ start()", "ID @ start ( ) EOF"},
      {"x[Max_Of(step(), 2 * 5m)]", "ID [ ID ( ID ( ) , NUM * DUR ) ] EOF"},
      {"x[stepx]",
       "ID [ ERR(unexpected character in range or subquery: \"s\", expected a duration, \":\" "
       "or \"]\")"},
      {"{\"a.b\", \"c d\"=\"e\"}", "{ STR , STR = STR } EOF"},
      {"x[5m a]",
       "ID [ DUR ERR(unexpected character in range or subquery: \"a\", expected a "
       "duration, \":\" or \"]\")"},
      {"x{a=\"b\"", "ID { ID = STR ERR(unexpected end of input inside braces)"},
      {"(x", "( ID ERR(unclosed left parenthesis)"},
      {"\"a\nb\"", "ERR(unterminated quoted string)"},
      {"\"\\u00e9\\U0001F600\\x41\\101\"", "STR EOF"},
      {"\"\\uD800\"", "ERR(escape sequence is an invalid Unicode code point)"},
      {"\"\\400\"", "ERR(escape sequence is an invalid Unicode code point)"},
      {"'\\''", "STR EOF"},
      {"'\\\"'", "ERR(unknown escape sequence \\\")"},
      {"\"\xff\"", "ERR(invalid UTF-8 rune)"},
  };
  for (const Case& c : cases) EXPECT_EQ(Kinds(c.text), c.kinds) << c.text;
}

TEST(Lex, PositionsAreByteOffsets) {
  std::vector<Token> t = Lex("ab  {c=\"d\"}");
  ASSERT_GE(t.size(), 3u);
  EXPECT_EQ(t[0].begin, 0u);
  EXPECT_EQ(t[0].end, 2u);
  EXPECT_EQ(t[1].begin, 4u);
  EXPECT_EQ(t[4].text, "\"d\"");
  EXPECT_EQ(t.back().kind, TokenKind::kEof);
  EXPECT_EQ(t.back().begin, 11u);
}

}  // namespace
}  // namespace nagame::rules::promql

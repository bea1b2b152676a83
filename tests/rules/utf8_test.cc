// AppendUtf8 at the edges of each encoded length; what IsValidUtf8 refuses.
#include "rules/utf8.h"

#include <gtest/gtest.h>

namespace nagame::rules {
namespace {

TEST(AppendUtf8, EncodesEachLengthAtItsEdges) {
  struct Case {
    uint32_t code_point;
    std::string bytes;
  };
  const Case cases[] = {
      {0x00, std::string(1, '\0')},
      {0x41, "A"},
      {0x7F, "\x7F"},
      {0x80, "\xC2\x80"},
      {0xE9, "\xC3\xA9"},  // é
      {0x7FF, "\xDF\xBF"},
      {0x800, "\xE0\xA0\x80"},
      {0x2028, "\xE2\x80\xA8"},
      {0xFFFF, "\xEF\xBF\xBF"},
      {0x10000, "\xF0\x90\x80\x80"},
      {0x1F600, "\xF0\x9F\x98\x80"},  // 😀
      {0x10FFFF, "\xF4\x8F\xBF\xBF"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.code_point);
    std::string out = "x";
    AppendUtf8(c.code_point, out);
    EXPECT_EQ(out, "x" + c.bytes);
  }
}

TEST(IsValidUtf8, RefusesWhatIsNotWellFormed) {
  const struct {
    std::string text;
    bool valid;
  } cases[] = {
      {"", true},
      {"http.server.duration", true},
      {"\xC3\xA9t\xC3\xA9", true},  // été
      {"\xF0\x9F\x98\x80", true},   // 😀
      {"\xFF", false},              // never a UTF-8 byte
      {"a\x80", false},             // a continuation byte alone
      {"\xC3", false},              // cut short
      {"\xC0\xAF", false},          // overlong "/"
      {"\xED\xA0\x80", false},      // a surrogate
      {"\xF4\x90\x80\x80", false},  // past U+10FFFF
  };
  for (const auto& c : cases) EXPECT_EQ(IsValidUtf8(c.text), c.valid) << c.text;
}

}  // namespace
}  // namespace nagame::rules

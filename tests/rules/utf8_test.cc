// AppendUtf8 at the edges of each encoded length.
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

}  // namespace
}  // namespace nagame::rules

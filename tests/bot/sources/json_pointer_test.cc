// RFC 6901 pointers: parsing (config errors) and resolution against untrusted documents.
#include "bot/sources/json_pointer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace nagame::bot {
namespace {

TEST(JsonPointer, ResolvesTheRfc6901Examples) {
  // RFC 6901 §5.
  const nlohmann::json doc = nlohmann::json::parse(R"({
      "foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4, "i\\j": 5,
      "k\"l": 6, " ": 7, "m~n": 8})");
  const std::pair<const char*, nlohmann::json> cases[] = {
      {"", doc},    {"/foo", doc["foo"]}, {"/foo/0", "bar"}, {"/", 0},
      {"/a~1b", 1}, {"/c%d", 2},          {"/e^f", 3},       {"/g|h", 4},
      {"/i\\j", 5}, {"/k\"l", 6},         {"/ ", 7},         {"/m~0n", 8},
  };
  for (const auto& [text, want] : cases) {
    SCOPED_TRACE(text);
    auto p = JsonPointer::Parse(text);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    const nlohmann::json* got = p->Find(doc);
    ASSERT_NE(got, nullptr);
    EXPECT_EQ(*got, want);
    EXPECT_EQ(p->text(), text);
  }
}

TEST(JsonPointer, MissingStepsFindNothingAndNeverThrow) {
  const nlohmann::json doc = nlohmann::json::parse(R"({"a":[10,20],"s":"x","n":null})");
  for (const char* text : {"/b", "/a/2", "/a/-", "/a/01", "/a/x", "/a/1x", "/a/",
                           "/a/99999999999999999999999", "/s/0", "/n/x", "/a/0/deeper"}) {
    SCOPED_TRACE(text);
    auto p = JsonPointer::Parse(text);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->Find(doc), nullptr);
  }
  EXPECT_EQ(*JsonPointer::Parse("/a/1")->Find(doc), 20);
}

TEST(JsonPointer, MalformedPointersAreRejected) {
  for (const char* text : {"a", "a/b", "/~", "/~2", "/a~", "#/a"}) {
    SCOPED_TRACE(text);
    auto p = JsonPointer::Parse(text);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.status().code(), Code::kInvalidArgument);
  }
}

TEST(JsonPointer, EscapesTokens) {
  EXPECT_EQ(EscapeJsonPointerToken("a/b~c"), "a~1b~0c");
  auto p = JsonPointer::Parse("/" + EscapeJsonPointerToken("~/x"));
  const nlohmann::json doc = {{"~/x", 1}};
  EXPECT_EQ(*p->Find(doc), 1);
}

}  // namespace
}  // namespace nagame::bot

// json_input: the time forms senders use, and scalar text.
#include "bot/sources/json_input.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace nagame::bot::json_input {
namespace {

TEST(TimeValue, DetectsTheForm) {
  const std::pair<const char*, const char*> cases[] = {
      {R"("2026-11-27T08:00:00Z")", "2026-11-27T08:00:00Z"},
      {R"("2019-03-22T13:58:24.3713213Z")", "2019-03-22T13:58:24.3713213Z"},
      {R"("2026-11-27T09:00:00+01:00")", "2026-11-27T08:00:00Z"},
      {"1795766400", "2026-11-27T08:00:00Z"},         // seconds
      {"1795766400.25", "2026-11-27T08:00:00.25Z"},   // seconds with a fraction
      {"1795766400123", "2026-11-27T08:00:00.123Z"},  // milliseconds
      {R"("1795766400")", "2026-11-27T08:00:00Z"},    // numbers as strings
      {R"("1795766400123")", "2026-11-27T08:00:00.123Z"},
  };
  for (const auto& [json, want] : cases) {
    SCOPED_TRACE(json);
    auto t = TimeValue(nlohmann::json::parse(json), "f");
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    ASSERT_TRUE(t->has_value());
    EXPECT_EQ(FormatRfc3339(**t), want);
  }
}

TEST(TimeValue, ZeroIsUnset) {
  for (const char* json : {"0", R"("0")", R"("0001-01-01T00:00:00Z")"}) {
    auto t = TimeValue(nlohmann::json::parse(json), "f");
    ASSERT_TRUE(t.ok()) << json;
    EXPECT_FALSE(t->has_value()) << json;
  }
}

TEST(TimeValue, RejectsWhatIsNoTime) {
  for (const char* json :
       {R"("")", R"("soon")", R"("nan")", R"("inf")", "-1", "1e300", "true", "[]", "{}", "null",
        R"("10000-01-01T00:00:00Z")", "9214646400", "99999999999"}) {
    SCOPED_TRACE(json);
    auto t = TimeValue(nlohmann::json::parse(json), "a.b");
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(t.status().field(), "a.b");
  }
}

TEST(ScalarText, StringsNumbersAndBooleans) {
  EXPECT_EQ(ScalarText("x"), "x");
  EXPECT_EQ(ScalarText(42), "42");
  EXPECT_EQ(ScalarText(1.5), "1.5");
  EXPECT_EQ(ScalarText(true), "true");
  EXPECT_EQ(ScalarText(nullptr), std::nullopt);
  EXPECT_EQ(ScalarText(nlohmann::json::array()), std::nullopt);
  EXPECT_EQ(ScalarText(nlohmann::json::object()), std::nullopt);
}

}  // namespace
}  // namespace nagame::bot::json_input

// Tests for check options: typed access with fallbacks for absent or mistyped values.
#include "rules/check.h"

#include <gtest/gtest.h>

namespace nagame::rules {
namespace {

TEST(CheckOptions, StringsAndFlagsFallBackOnWrongTypes) {
  CheckOptions o(nlohmann::json{{"labels", {"service", "app"}},
                                {"mixed", {"service", 3}},
                                {"text", "service"},
                                {"on", true},
                                {"number", 1}});
  EXPECT_EQ(o.Strings("labels", {"x"}), (std::vector<std::string>{"service", "app"}));
  EXPECT_EQ(o.Strings("mixed", {"x"}), std::vector<std::string>{"x"});
  EXPECT_EQ(o.Strings("text", {"x"}), std::vector<std::string>{"x"});
  EXPECT_EQ(o.Strings("absent", {}), std::vector<std::string>{});
  EXPECT_TRUE(o.Flag("on", false));
  EXPECT_FALSE(o.Flag("number", false));  // 1 is not a boolean
  EXPECT_TRUE(o.Flag("absent", true));
}

}  // namespace
}  // namespace nagame::rules

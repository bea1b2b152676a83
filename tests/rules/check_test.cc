// Tests for check options: the configured value when it has the accessor's type, else the
// default declared in default_options(); an undeclared option is a bug that throws.
#include "rules/check.h"

#include <stdexcept>

#include <gtest/gtest.h>

namespace nagame::rules {
namespace {

using namespace std::chrono_literals;

const nlohmann::json kDefaults = {{"labels", {"team"}}, {"mixed", {"team"}}, {"text", "team"},
                                  {"on", false},        {"number", 2},       {"every", "5m"},
                                  {"absent", {"x"}}};

TEST(CheckOptions, ConfiguredValuesOfTheAccessorsTypeElseTheDefaults) {
  CheckOptions o(kDefaults, {{"labels", {"service", "app"}},
                             {"mixed", {"service", 3}},
                             {"text", {"service"}},
                             {"on", true},
                             {"number", "3"},
                             {"every", "1h30m"}});
  EXPECT_EQ(o.Strings("labels"), (std::vector<std::string>{"service", "app"}));
  EXPECT_EQ(o.Strings("mixed"), std::vector<std::string>{"team"});  // holds a non-string
  EXPECT_EQ(o.Text("text"), "team");                                // a list is not text
  EXPECT_EQ(o.Strings("absent"), std::vector<std::string>{"x"});
  EXPECT_TRUE(o.Flag("on"));
  EXPECT_EQ(o.Number("number"), 2);  // "3" is not a number
  EXPECT_EQ(o.Dur("every"), 90min);
}

TEST(CheckOptions, DurationsAreTextOrSeconds) {
  EXPECT_EQ(CheckOptions(kDefaults, {{"every", 90}}).Dur("every"), 90s);
  EXPECT_EQ(CheckOptions(kDefaults, {{"every", 0.5}}).Dur("every"), 500ms);
  EXPECT_EQ(CheckOptions(kDefaults, {{"every", "soon"}}).Dur("every"), 5min);
  EXPECT_EQ(CheckOptions(kDefaults, nlohmann::json::object()).Dur("every"), 5min);
}

TEST(CheckOptions, FlagsAreBooleansOnly) {
  EXPECT_FALSE(CheckOptions(kDefaults, {{"on", 1}}).Flag("on"));  // 1 is not a boolean
  EXPECT_FALSE(CheckOptions(kDefaults, {{"on", "true"}}).Flag("on"));
  EXPECT_TRUE(CheckOptions({{"on", true}}, nlohmann::json::object()).Flag("on"));
}

TEST(CheckOptions, AnOptionWithoutADeclaredDefaultOfItsTypeIsABug) {
  CheckOptions o(kDefaults, {{"undeclared", 4}});
  EXPECT_THROW(o.Number("undeclared"), std::logic_error);  // configured, but not declared
  EXPECT_THROW(o.Flag("nothing"), std::logic_error);
  EXPECT_THROW(o.Number("text"), std::logic_error);  // declared as text
}

}  // namespace
}  // namespace nagame::rules

// Tests for the labels JSON codec: the direct scan of the compact form must agree with
// nlohmann's parser on every input, the compact form or not.
#include "storage/labels_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace nagame::storage {
namespace {

// What nlohmann alone makes of `text`: the labels, or nullopt where LabelsFromJson is false.
std::optional<rules::Labels> Reference(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  rules::Labels out;
  for (auto& [name, value] : j.items()) {
    if (!value.is_string()) return std::nullopt;
    out.emplace(name, value.get<std::string>());
  }
  return out;
}

TEST(LabelsJsonTest, ScanAgreesWithNlohmannOnEveryShape) {
  const std::string cases[] = {
      R"({})",
      R"({"alertname":"HighCPU","instance":"host-1","severity":"warning"})",
      R"({"a":"quote \" backslash \\ slash \/ tab \t newline \n cr \r bs \b ff \f"})",
      R"({"a":"\u00e9t\u00e9"})",       // \u escapes: nlohmann's
      "{\"a\":\"\xc3\xa9t\xc3\xa9\"}",  // UTF-8 bytes: nlohmann's
      "{\"a\":\"\xff\"}",               // invalid UTF-8: an error either way
      R"({"a":"1","a":"2"})",           // a duplicate key: nlohmann's
      R"({ "a" : "1" })",               // whitespace: nlohmann's
      R"({"a":"1"} )",                  // trailing whitespace
      R"({"a":1})",                     // not a string
      R"({"a":{"b":"c"}})",             // nested
      R"(["a"])",                       // not an object
      R"({"a":"1")",                    // cut short
      R"({"a":"1"}x)",                  // trailing text
      R"({"a":"bad \x escape"})",       // invalid escape
      "{\"a\":\"raw\ttab\"}",           // a raw control character
      R"({"a":"1",})",                  // a trailing comma
      R"({"":""})",                     // empty name and value
      "",                               // nothing
  };
  for (const std::string& text : cases) {
    SCOPED_TRACE(text);
    rules::Labels got{{"stale", "entry"}};
    const bool ok = LabelsFromJson(text, &got);
    const std::optional<rules::Labels> want = Reference(text);
    ASSERT_EQ(ok, want.has_value());
    if (ok) {
      EXPECT_EQ(got, *want);
    }
  }
}

TEST(LabelsJsonTest, WrittenLabelsReadBackUnchanged) {
  const rules::Labels cases[] = {
      {},
      {{"alertname", "HighCPU"}, {"instance", "host-1:9100"}, {"team", "shop"}},
      {{"summary", "5% \"errors\" on C:\\path\n(line 2)\t\x01"}},
      {{"city", "Z\xc3\xbcrich"}},
  };
  for (const rules::Labels& labels : cases) {
    const std::string text = LabelsToJson(labels);
    SCOPED_TRACE(text);
    rules::Labels got;
    ASSERT_TRUE(LabelsFromJson(text, &got));
    EXPECT_EQ(got, labels);
  }
}

}  // namespace
}  // namespace nagame::storage

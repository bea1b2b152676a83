// The typed answer fields the upstream decoders share: durations in both notations, and the
// pagination loop's guards.
#include "bot/upstream/answer_fields.h"

#include <gtest/gtest.h>

#include "bot/upstream/paging.h"

namespace nagame::bot {
namespace {

using namespace std::chrono_literals;

TEST(AnswerFields, IsoDurations) {
  struct Case {
    const char* text;
    std::optional<Duration> want;
  };
  const Case cases[] = {
      {"PT5M", 5min},      {"PT1H30M", 90min},    {"P1D", 24h},          {"PT30S", 30s},
      {"P1DT2H", 26h},     {"P1W", 168h},         {"5m", std::nullopt},  {"PT", std::nullopt},
      {"P", std::nullopt}, {"PT5", std::nullopt}, {"PTM", std::nullopt}, {"P5H", std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto d = IsoDurationField(nlohmann::json{{"w", c.text}}, "w", "p");
    ASSERT_EQ(d.ok(), c.want.has_value()) << d.status().ToString();
    if (c.want) {
      EXPECT_EQ(*d, *c.want);
    } else {
      EXPECT_EQ(d.status().field(), "p.w");
    }
  }
  EXPECT_EQ(*IsoDurationField(nlohmann::json::object(), "w", "p"), 0s);
}

TEST(AnswerFields, PrometheusStyleDurationsAndSeconds) {
  EXPECT_EQ(*PromDurationField(nlohmann::json{{"for", "1h30m"}}, "for", ""), 90min);
  EXPECT_EQ(*PromDurationField(nlohmann::json{{"for", 300}}, "for", ""), 300s);
  EXPECT_EQ(*PromDurationField(nlohmann::json{{"for", "0s"}}, "for", ""), 0s);
  EXPECT_FALSE(PromDurationField(nlohmann::json{{"for", true}}, "for", "").ok());
  EXPECT_FALSE(PromDurationField(nlohmann::json{{"for", -1}}, "for", "").ok());
}

TEST(Paging, FollowsCursorsToTheEnd) {
  std::vector<std::string> seen;
  Status st = FollowPages("GET /x", [&](const std::string& cursor) {
    seen.push_back(cursor);
    return Result<std::optional<std::string>>(cursor.size() < 2 ? std::optional(cursor + "a")
                                                                : std::nullopt);
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(seen, (std::vector<std::string>{"", "a", "aa"}));
}

TEST(Paging, RefusesALoopingServerAndEndlessLists) {
  Status loop = FollowPages("GET /x", [](const std::string&) {
    return Result<std::optional<std::string>>(std::optional<std::string>("same"));
  });
  EXPECT_EQ(loop.message(),
            "GET /x: malformed answer: the next page's cursor repeats one already followed");
  int n = 0;
  Status endless = FollowPages(
      "GET /x",
      [&](const std::string&) {
        return Result<std::optional<std::string>>(std::optional(std::to_string(++n)));
      },
      3);
  EXPECT_EQ(endless.message(), "GET /x: more than 3 pages");
  Status failed = FollowPages("GET /x", [](const std::string&) {
    return Result<std::optional<std::string>>(Unavailable("GET /x: HTTP 500: boom"));
  });
  EXPECT_EQ(failed.message(), "GET /x: HTTP 500: boom");
}

}  // namespace
}  // namespace nagame::bot

// The weekly summary from a seeded store: its content (totals, noisy with fix and replay,
// stale, changes incl. improvements, last week's decisions and what happened since, the
// report link), golden bodies for every destination, and the week it covers.
#include "bot/chat/summary.h"
#include "bot/review/window_spec.h"

#include <gtest/gtest.h>

#include "bot/chat/destination.h"
#include "bot/chat/slack/slack_platform.h"
#include "tests/bot/chat/configured_platforms.h"
#include "tests/bot/chat/seeded_review.h"
#include "tests/support/golden.h"

namespace nagame::bot::chat {
namespace {

using nagame::testing::AtTime;
using nagame::testing::kChatNow;

std::string Pretty(const std::string& body) {
  return nagame::testing::PortablePaths(nlohmann::json::parse(body).dump(2) + "\n");
}

TEST(Summary, ContentAndDestinationBodies) {
  nagame::testing::TempDir dir;
  auto review = nagame::testing::SeededReview(dir);
  ASSERT_NE(review, nullptr);
  const rules::Window week = SummaryWeek(kChatNow, review->zone());
  auto summary = BuildWeeklySummary(*review, week, {.public_url = "https://nagame.example.com"});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  const std::string text = PlainText(*summary);
  EXPECT_NE(text.find("Alert review — week 2026-W48 (Mon 11-23 → Sun 11-29, Asia/Tokyo)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("PodRestartsHigh — tune (11-18, mori): fired"), std::string::npos) << text;
  EXPECT_NE(text.find("CheckoutLatencyHigh: 12 → 2 episodes — improvement"), std::string::npos)
      << text;
  EXPECT_NE(text.find("Full report: https://nagame.example.com/report/2026-W48"),
            std::string::npos);
  nagame::testing::ExpectGolden("chat/summary/plain.txt", nagame::testing::PortablePaths(text));
  // Each platform's body, its destination configured as `nagame serve` reads it.
  const nagame::testing::ConfiguredPlatforms platforms = nagame::testing::PlatformsFrom(
      "slack: {webhook_url: https://hooks.slack.com/x}\n"
      "mattermost: {webhook_url: https://mm.example.com/hooks/x}\n"
      "teams: {workflow_url: https://example.logic.azure.com/w}\n"
      "generic: {webhook_url: https://hooks.example.com/n}\n");
  ASSERT_EQ(platforms.size(), 4u);
  for (const auto& [name, platform] : platforms) {
    std::optional<Destination> destination = platform->SummaryDestination();
    ASSERT_TRUE(destination) << name;
    const std::string golden = name == "slack" ? "slack_webhook" : name;
    nagame::testing::ExpectGolden("chat/summary/" + golden + ".json",
                                  Pretty(destination->render(*summary)));
  }
  // Slack with a bot token posts through chat.postMessage, naming the channel.
  std::optional<Destination> bot =
      nagame::testing::DestinationOf("slack: {bot_token: xoxb-1, channel: C0123}");
  ASSERT_TRUE(bot);
  nagame::testing::ExpectGolden("chat/summary/slack_bot.json", Pretty(bot->render(*summary)));
}

TEST(Summary, WeekIsTheLastCompleteIsoWeekInTheZone) {
  auto tokyo = Zone::Find("Asia/Tokyo");
  ASSERT_TRUE(tokyo.ok());
  const struct {
    const char* now;
    const char* from;
    const char* to;
    const char* iso;
  } cases[] = {
      // Monday 09:30 JST: the week that ended 9.5 hours ago.
      {"2026-11-30T00:30:00Z", "2026-11-22T15:00:00Z", "2026-11-29T15:00:00Z", "2026-W48"},
      // Sunday 23:59 JST: still the week before.
      {"2026-11-29T14:59:00Z", "2026-11-15T15:00:00Z", "2026-11-22T15:00:00Z", "2026-W47"},
      // New year: ISO week 53 of 2026 ends on Sunday 2027-01-03.
      {"2027-01-04T03:00:00Z", "2026-12-27T15:00:00Z", "2027-01-03T15:00:00Z", "2026-W53"},
  };
  for (const auto& c : cases) {
    rules::Window w = SummaryWeek(AtTime(c.now), *tokyo);
    EXPECT_EQ(FormatRfc3339(w.from), FormatRfc3339(AtTime(c.from))) << c.now;
    EXPECT_EQ(FormatRfc3339(w.to), FormatRfc3339(AtTime(c.to))) << c.now;
    EXPECT_EQ(IsoWeekName(w.from, *tokyo), c.iso) << c.now;
  }
}

TEST(Summary, Destinations) {
  const std::string chat =
      "chat:\n"
      "  teams: {workflow_url: \"https://example.logic.azure.com/w\"}\n"
      "  mattermost: {token: t}\n"  // no webhook: left out
      "  generic: {webhook_url: \"https://hooks.example.com/n\", bearer_token: g-token}\n";
  const std::string post_to = "summary: {post_to: [slack, mattermost, teams, generic]}\n";
  auto config = ParseConfig(chat +
                                "  slack: {bot_token: xoxb-1, channel: C1, webhook_url: "
                                "\"https://hooks.slack.com/x\"}\n" +
                                post_to,
                            "nagame.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  auto d = SummaryDestinations(*config);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].name, "slack");
  EXPECT_EQ(d[0].url, kSlackPostMessageUrl);
  EXPECT_EQ(d[0].bearer_token, "xoxb-1");
  EXPECT_NE(d[0].read_2xx, nullptr) << "chat.postMessage answers 200 on failure too";
  EXPECT_EQ(d[1].name, "teams");
  EXPECT_EQ(d[1].url, "https://example.logic.azure.com/w");
  EXPECT_EQ(d[1].bearer_token, "");
  EXPECT_EQ(d[2].name, "generic");
  EXPECT_EQ(d[2].url, "https://hooks.example.com/n");
  EXPECT_EQ(d[2].bearer_token, "g-token");
  // Without a bot token Slack posts to its incoming webhook.
  auto webhook = ParseConfig(
      chat + "  slack: {webhook_url: \"https://hooks.slack.com/x\"}\n" + post_to, "nagame.yaml");
  ASSERT_TRUE(webhook.ok()) << webhook.status().message();
  d = SummaryDestinations(*webhook);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].url, "https://hooks.slack.com/x");
  EXPECT_EQ(d[0].bearer_token, "");
  EXPECT_EQ(d[0].read_2xx, nullptr);
}

}  // namespace
}  // namespace nagame::bot::chat

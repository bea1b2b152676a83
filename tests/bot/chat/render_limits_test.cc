// Every platform's message limits hold for huge answers: built directly, and from a store with
// 500 noisy rules through the real commands and the weekly summary.
#include <gtest/gtest.h>

#include <filesystem>

#include "bot/chat/command.h"
#include "bot/chat/destination.h"
#include "bot/chat/mattermost/mattermost_render.h"
#include "bot/chat/slack/slack_render.h"
#include "bot/chat/summary.h"
#include "bot/chat/teams/teams_render.h"
#include "tests/bot/chat/configured_platforms.h"
#include "tests/bot/chat/seeded_review.h"
#include "tests/bot/chat/slack_limits.h"
#include "tests/support/files.h"

namespace nagame::bot::chat {
namespace {

using nlohmann::json;

using nagame::testing::Chars;
using nagame::testing::ExpectWithinSlackLimits;
using nagame::testing::TextOf;

void ExpectWithinAllLimits(const Answer& a, const std::string& what) {
  ExpectWithinSlackLimits(RenderSlackResponse(a), what + " (slack)");
  EXPECT_LE(Chars(TextOf(RenderMattermostResponse(a)["text"])), 16383u) << what;
  EXPECT_LE(RenderTeamsReply(a).dump().size(), 28000u) << what;
  EXPECT_LE(RenderTeamsCard(a).dump().size(), 28000u) << what;
}

Answer Huge() {
  Answer a;
  a.title = std::string(400, 'T');
  a.link = "https://nagame.example.com/report";
  a.link_label = "Full report";
  for (int s = 0; s < 20; ++s) {
    Section section;
    section.heading = "Section " + std::to_string(s);
    for (int i = 0; i < 25; ++i) section.lines.push_back(std::string(200, 'x') + " ✓ & <b>");
    for (int i = 0; i < 25; ++i) section.fields.push_back({"label", std::string(2500, 'f')});
    for (int i = 0; i < 30; ++i)
      section.buttons.push_back({std::string(100, 'B'), "decide:keep", "R"});
    a.sections.push_back(std::move(section));
  }
  a.sections.push_back({.lines = {std::string(10000, 'L')}});
  return a;
}

TEST(RenderLimits, HugeAnswerFitsEveryPlatform) {
  const Answer a = Huge();
  ExpectWithinAllLimits(a, "huge");
  const json slack = RenderSlackMessage(a);
  EXPECT_NE(TextOf(slack["blocks"].back()["elements"][0]["text"]).find("more lines not shown"),
            std::string::npos);
  EXPECT_NE(TextOf(RenderMattermostMessage(a)["text"]).find("more lines not shown"),
            std::string::npos);
}

TEST(RenderLimits, SmallAnswerIsNotCut) {
  Answer a;
  a.title = "t";
  a.sections.push_back({.heading = "h", .lines = {"one", "two"}});
  const json slack = RenderSlackMessage(a);
  ASSERT_EQ(slack["blocks"].size(), 2u);
  EXPECT_EQ(slack["blocks"][1]["text"]["text"], "*h*\n• one\n• two");
  EXPECT_EQ(TextOf(RenderMattermostMessage(a)["text"]), "**t**\n\n**h**\n- one\n- two\n");
}

TEST(RenderLimits, FiveHundredNoisyRules) {
  using std::chrono::hours;
  using std::chrono::minutes;
  std::vector<rules::Delivery> history;
  const Time start = testing::kChatNow - hours(24 * 7);
  for (int r = 0; r < 500; ++r) {
    const std::string rule = "NoisyRule" + std::to_string(1000 + r) + "WithARatherLongName";
    for (int i = 0; i < 12; ++i) {
      history.push_back(testing::EpisodeDelivery(rule, "host-" + std::to_string(i % 3),
                                                 start + hours(1 + 13 * i) + minutes(r % 50),
                                                 minutes(1), {{"severity", "warning"}}));
    }
  }
  testing::TempDir dir;
  auto review = testing::SeededReview(dir, history, /*with_records=*/false);
  ASSERT_NE(review, nullptr);
  CommandEnv env{.review = review.get(), .public_url = "https://nagame.example.com"};
  for (const char* text : {"inventory", "noisy", "top 25", "summary", "help"}) {
    Answer a = RunCommand({.text = text, .user = "u", .platform = "slack"}, env);
    EXPECT_GE(a.sections.size(), 1u) << text;
    ExpectWithinAllLimits(a, text);
  }
  Answer noisy = RunCommand({.text = "noisy"}, env);
  ASSERT_FALSE(noisy.sections.empty());
  EXPECT_NE(noisy.sections[0].lines.back().find("more in the web report"), std::string::npos);
  // The posted summary, as each destination gets it.
  auto summary = BuildWeeklySummary(*review, SummaryWeek(testing::kChatNow, review->zone()), {});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  for (const char* platform : {"slack: {webhook_url: https://h.example/s}",
                               "mattermost: {webhook_url: https://h.example/m}",
                               "teams: {workflow_url: https://h.example/t}",
                               "generic: {webhook_url: https://h.example/g}"}) {
    std::optional<Destination> destination = testing::DestinationOf(platform);
    ASSERT_TRUE(destination);
    std::string body = destination->render(*summary);
    EXPECT_LE(body.size(), 28000u) << platform;
    EXPECT_TRUE(json::accept(body)) << platform;
  }
}

// Every Slack message among the goldens (any JSON file under tests/golden/ named slack*) stays
// within Block Kit's limits.
TEST(RenderLimits, EverySlackGoldenIsWithinBlockKitLimits) {
  const std::filesystem::path root = std::filesystem::path(NAGAME_SOURCE_DIR) / "tests/golden";
  size_t checked = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const std::filesystem::path& p = entry.path();
    if (!entry.is_regular_file() || p.extension() != ".json" ||
        p.filename().string().rfind("slack", 0) != 0) {
      continue;
    }
    ExpectWithinSlackLimits(json::parse(nagame::testing::ReadFile(p)), p.string());
    ++checked;
  }
  EXPECT_GE(checked, 3u) << "the summary's two Slack bodies and the hostile answer's";
}

}  // namespace
}  // namespace nagame::bot::chat

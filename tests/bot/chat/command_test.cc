// Every chat command on every platform against a seeded store (real SQLite file, the real
// ReviewService), compared with golden renderings in tests/golden/chat/commands/; and parsing
// of what people type.
#include "bot/chat/command.h"

#include <gtest/gtest.h>

#include "bot/chat/mattermost/mattermost_render.h"
#include "bot/chat/slack/slack_render.h"
#include "bot/chat/teams/teams_render.h"
#include "tests/bot/chat/seeded_review.h"
#include "tests/support/golden.h"

namespace nagame::bot::chat {
namespace {

using nagame::testing::ExpectGolden;
using nagame::testing::SeededReview;
using nagame::testing::TempDir;

// The four renderings of one answer, as one golden file.
std::string AllRenderings(const Answer& a) {
  return nagame::testing::PortablePaths("--- plain ---\n" + PlainText(a) + "--- slack ---\n" +
                                        RenderSlackResponse(a).dump(2) + "\n--- mattermost ---\n" +
                                        RenderMattermostResponse(a).dump(2) + "\n--- teams ---\n" +
                                        RenderTeamsReply(a).dump(2) + "\n");
}

class CommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    review_ = SeededReview(dir_);
    ASSERT_NE(review_, nullptr);
    env_.review = review_.get();
    env_.public_url = "https://nagame.example.com";
  }
  Answer Run(const std::string& text) {
    return RunCommand({.text = text, .user = "mori", .platform = "slack"}, env_);
  }

  TempDir dir_;
  std::unique_ptr<ReviewService> review_;
  CommandEnv env_;
};

// In order: the record commands change what later commands show.
TEST_F(CommandTest, EveryCommandOnEveryPlatform) {
  const struct {
    const char* golden;
    const char* text;
  } cases[] = {
      {"help", "help"},
      {"empty", "   "},
      {"unknown_word", "tpo 3"},
      {"inventory", "inventory"},
      {"inventory_week", "inventory 2026-W47"},
      {"inventory_bad_window", "inventory yesterday"},
      {"top", "top 3"},
      {"top_bad_n", "top lots"},
      {"noisy", "noisy"},
      {"stale", "stale"},
      {"missing", "missing"},
      {"rule", "rule PodRestartsHigh"},
      {"rule_typo", "rule PodRestartHigh"},
      {"rule_missing_name", "rule"},
      {"ack", "ack CheckoutLatencyHigh  looked at the   dashboards"},
      {"ack_unknown_rule", "ack CheckoutLatencyHi"},
      {"decide", "decide PodRestartsHigh delete it never helped"},
      {"decide_bad_action", "decide PodRestartsHigh maybe"},
      {"incident", "incident checkout checkout slow for EU users"},
      {"summary_preview", "summary"},
      {"summary_post_unconfigured", "summary post"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    ExpectGolden(std::string("chat/commands/") + c.golden + ".txt", AllRenderings(Run(c.text)));
  }
}

TEST_F(CommandTest, RecordsReachTheReviewService) {
  Run("decide PodRestartsHigh delete it never helped");
  Run("ack CheckoutLatencyHigh looked");
  auto decisions = review_->Decisions(
      {testing::kChatNow - std::chrono::hours(1), testing::kChatNow + std::chrono::hours(1)});
  ASSERT_TRUE(decisions.ok());
  ASSERT_EQ(decisions->size(), 1u);
  EXPECT_EQ((*decisions)[0].action, rules::DecisionAction::kDelete);
  EXPECT_EQ((*decisions)[0].note, "it never helped");
  EXPECT_EQ((*decisions)[0].author, "mori");
}

TEST_F(CommandTest, SummaryPostCallsTheHook) {
  int calls = 0;
  env_.post_summary = [&]() -> Result<std::string> {
    ++calls;
    return std::string("slack, teams");
  };
  Answer a = Run("summary post");
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(a.title, "Summary queued for slack, teams.");
}

// Nothing anyone types crashes or reaches SQL unescaped: hostile text is stored verbatim.
TEST_F(CommandTest, HostileInputIsAnsweredAndStoredVerbatim) {
  const std::string nasty = "x'); DROP TABLE episodes; -- \"\\ <b>&amp; *_`~ 🙂";
  const std::vector<std::string> inputs = {
      nasty,
      "rule bad\xff\xfeutf8",
      "incident svc \xc3",
      "rule " + nasty,
      "ack " + nasty,
      "decide " + nasty + " tune",
      "incident " + nasty + " " + nasty,
      "top -1",
      "top 99999999999999999999",
      "inventory 0d",
      "inventory 9999-W99",
      std::string(5000, 'a'),
      "rule " + std::string(3000, 'b'),
      std::string("decide\tPodRestartsHigh\tkeep\t") + std::string(5000, 'n')};
  for (const std::string& text : inputs) {
    Answer a = Run(text);
    EXPECT_FALSE(a.title.empty()) << text.substr(0, 40);
    EXPECT_NO_THROW(
        RenderSlackResponse(a).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  auto incidents = Run("incident checkout " + nasty);
  EXPECT_TRUE(incidents.in_channel);
  ASSERT_EQ(incidents.sections.size(), 1u);
  EXPECT_EQ(incidents.sections[0].lines[0], nasty);
  auto inventory = review_->Inventory(*review_->ParseWindowSpec(""));
  ASSERT_TRUE(inventory.ok()) << "the episodes table survived";
  EXPECT_FALSE(inventory->rows.empty());
}

TEST(SplitArgs, KeepsTheRestVerbatim) {
  ParsedArgs a = SplitArgs("  ack  Rule   note with  spaces ");
  ASSERT_EQ(a.words.size(), 5u);
  EXPECT_EQ(a.words[1], "Rule");
  EXPECT_EQ(a.RestFrom(2), "note with  spaces");
  EXPECT_EQ(a.RestFrom(9), "");
  EXPECT_TRUE(SplitArgs("").words.empty());
}

TEST(FindCommand, CaseInsensitive) {
  EXPECT_NE(FindCommand("TOP"), nullptr);
  EXPECT_EQ(FindCommand("tops"), nullptr);
  EXPECT_EQ(Commands().size(), 11u);
}

}  // namespace
}  // namespace nagame::bot::chat

// Fuzz target: slash-command text through every chat command (bot/chat/command.h RunCommand)
// against the real ReviewService over a seeded SQLite file (tests/bot/chat/seeded_review.h),
// its answer rendered for every platform. The input is the text after "/nagame".
//
// Invariants: every text yields an answer with a title; each platform's rendering is JSON that
// dumps; the Slack message keeps within Block Kit's limits (tests/bot/chat/slack_limits.h).
// Record commands write to the store, so the history grows during a run; the checks do not
// depend on it.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "bot/chat/command.h"
#include "bot/chat/mattermost/mattermost_render.h"
#include "bot/chat/slack/slack_render.h"
#include "bot/chat/teams/teams_render.h"
#include "tests/bot/chat/seeded_review.h"
#include "tests/bot/chat/slack_limits.h"
#include "tests/fuzz/fuzz_check.h"

namespace nagame::fuzz {
namespace {

bot::ReviewService& Review() {
  static nagame::testing::TempDir dir;
  static std::unique_ptr<bot::ReviewService> review = nagame::testing::SeededReview(dir);
  Check(review != nullptr, "the seeded review opens");
  return *review;
}

// Dumps as the platforms' senders dump (invalid UTF-8 replaced).
void CheckDumps(const nlohmann::json& body, std::string_view what) {
  const std::string text = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  Check(nlohmann::json::accept(text), what);
}

}  // namespace
}  // namespace nagame::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nagame;
  using namespace nagame::fuzz;
  bot::chat::CommandEnv env;
  env.review = &Review();
  env.public_url = "https://nagame.example.com";
  const std::string text(reinterpret_cast<const char*>(data), size);
  bot::chat::Answer answer =
      bot::chat::RunCommand({.text = text, .user = "fuzz", .platform = "slack"}, env);
  Check(!answer.title.empty(), "every answer has a title", text);
  // RunCommand turns a command's exception into this answer (and a log line): a bug.
  Check(!answer.title.starts_with("Something went wrong"), "no command throws", text);
  const nlohmann::json slack = bot::chat::RenderSlackResponse(answer);
  CheckDumps(slack, "the Slack answer is JSON");
  CheckDumps(bot::chat::RenderMattermostResponse(answer), "the Mattermost answer is JSON");
  CheckDumps(bot::chat::RenderTeamsReply(answer), "the Teams answer is JSON");
  // ExpectWithinSlackLimits reports through gtest; outside a test its failures are ad hoc.
  nagame::testing::ExpectWithinSlackLimits(slack, "fuzz");
  Check(!::testing::UnitTest::GetInstance()->ad_hoc_test_result().Failed(),
        "the Slack answer keeps within Block Kit's limits", text);
  return 0;
}

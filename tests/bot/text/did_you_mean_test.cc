// Edit distance and "did you mean" ranking.
#include "bot/text/did_you_mean.h"

#include <gtest/gtest.h>

namespace nagame::bot {
namespace {

TEST(EditDistance, Table) {
  const struct {
    const char* a;
    const char* b;
    size_t d;
  } cases[] = {{"", "", 0},          {"top", "top", 0},        {"tpo", "top", 2}, {"TOP", "top", 0},
               {"noisy", "nosy", 1}, {"kitten", "sitting", 3}, {"", "abc", 3},    {"rule", "", 4}};
  for (const auto& c : cases) EXPECT_EQ(EditDistance(c.a, c.b), c.d) << c.a << " / " << c.b;
}

TEST(ClosestNames, Table) {
  const std::vector<std::string> rules = {"PodRestartsHigh", "PodRestartsHighCritical",
                                          "DiskWillFillIn4h", "CheckoutLatencyHigh"};
  const std::vector<std::string> words = {"help",   "inventory", "top",    "noisy",
                                          "stale",  "missing",   "rule",   "ack",
                                          "decide", "incident",  "summary"};
  const struct {
    std::string typed;
    const std::vector<std::string>* names;
    std::vector<std::string> want;
  } cases[] = {
      {"PodRestartHigh", &rules, {"PodRestartsHigh", "PodRestartsHighCritical"}},
      {"podrestartshigh", &rules, {"PodRestartsHigh", "PodRestartsHighCritical"}},
      {"DiskWillFill", &rules, {"DiskWillFillIn4h"}},
      {"Nothing", &rules, {}},
      {"", &rules, {}},
      {"tpo", &words, {"top"}},
      {"invetnory", &words, {"inventory"}},
      {"noisey", &words, {"noisy"}},
      {"xyzzy", &words, {}},
  };
  for (const auto& c : cases) EXPECT_EQ(ClosestNames(c.typed, *c.names), c.want) << c.typed;
}

TEST(JoinAlternatives, Table) {
  EXPECT_EQ(JoinAlternatives({}), "");
  EXPECT_EQ(JoinAlternatives({"a"}), "a");
  EXPECT_EQ(JoinAlternatives({"a", "b"}), "a or b");
  EXPECT_EQ(JoinAlternatives({"a", "b", "c"}), "a, b or c");
}

}  // namespace
}  // namespace nagame::bot

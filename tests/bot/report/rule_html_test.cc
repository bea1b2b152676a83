// The rule's page: golden HTML for a seeded week, the timeline's shapes (one per episode, ack
// and decision), the follow-up table, escaping, structure, and the unknown-rule page.
#include "bot/report/rule_html.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "rules/inventory.h"
#include "tests/support/golden.h"
#include "tests/support/history_builder.h"
#include "tests/support/text_search.h"

namespace nagame::bot::report {
namespace {

using namespace std::chrono_literals;
using testing::HistoryBuilder;
using testing::Week;

using testing::Count;

// PodRestartsHigh on two instances, every 5 h this week and twice a day the week before, with a
// tune decision in the middle of this week and an ack; a partner whose name needs escaping.
RulePage Page() {
  const rules::Window week = Week("2026-11-16");
  HistoryBuilder h(week);
  h.Rule("PodRestartsHigh")
      .Defined("increase(kube_pod_container_status_restarts_total[5m]) > 0", 1min)
      .Label("severity", "warning")
      .Label("team", "shop")
      .Every(5h)
      .For(90s)
      .OnInstances(2)
      .Times(30);
  h.Rule("PodRestartsHigh").StartingAt(week.from - 6 * 24h).Every(12h).For(90s).Times(10);
  h.Rule("<img src=x onerror=alert(1)>").StartingAt(week.from + 30s).Every(5h).For(1min).Times(8);
  rules::CheckInput in = h.Build();
  in.decisions = {{.id = 1,
                   .rule = "PodRestartsHigh",
                   .action = rules::DecisionAction::kTune,
                   .note = "for: 5m & <watch>",
                   .author = "ana",
                   .at = week.from + 80h}};
  in.acks = {{.id = 1,
              .source = "alertmanager",
              .rule = "PodRestartsHigh",
              .user = "bo",
              .note = "known flake",
              .at = week.from + 30h}};
  rules::CheckReport report;
  RulePage page;
  page.week = "2026-W47";
  page.window_label = "Mon 11-16 → Sun 11-22, UTC";
  page.previous_href = "/rules/PodRestartsHigh/2026-W46";
  page.next_href = "/rules/PodRestartsHigh";
  page.review_href = "/review/2026-W47";
  page.from = week.from;
  page.to = week.to;
  page.facts =
      rules::BuildRulePage(in, rules::BuildInventory(in, &report), report, "PodRestartsHigh");
  return page;
}

TEST(RuleHtml, Golden) {
  nagame::testing::ExpectGolden("report/rule_page.html", RenderRuleHtml(Page()));
}

TEST(RuleHtml, TimelineHasAShapePerEpisodeAckAndDecision) {
  const std::string html = RenderRuleHtml(Page());
  const size_t a = html.find("<figure class=\"chart timeline\" id=\"timeline\"");
  ASSERT_NE(a, std::string::npos);
  const std::string svg = html.substr(a, html.find("</svg>", a) - a);
  EXPECT_EQ(Count(svg, "<rect class=\"v\""), 60u);   // 30 per instance this week
  EXPECT_EQ(Count(svg, "<rect class=\"day\""), 2u);  // a lane per instance
  EXPECT_EQ(Count(svg, "<circle class=\"ack\""), 1u);
  EXPECT_EQ(Count(svg, "<line class=\"decision\""), 1u);
  // Three charts per source as on the meeting screen, plus the timeline; each with its table.
  EXPECT_EQ(Count(html, "<figure class=\"chart "), 4u);
  EXPECT_EQ(Count(html, "<details><summary>Numbers</summary><table>"), 4u);
}

TEST(RuleHtml, FollowUpAndPartnersLinkAndEscape) {
  const std::string html = RenderRuleHtml(Page());
  // In the week before the decision (-88 h .. 80 h): 5 of last week's starts and 16 per
  // instance this week; in the 88 h after it: 14 per instance.
  EXPECT_NE(html.find("<td>tune</td><td>ana</td><td>for: 5m &amp; &lt;watch&gt;</td>"
                      "<td class=\"n\">37</td><td class=\"n\">28 in 3d16h</td>"),
            std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("href=\"/rules/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/2026-W47\""),
            std::string::npos);
}

TEST(RuleHtml, AccessibleStructure) {
  const std::string html = RenderRuleHtml(Page());
  EXPECT_EQ(Count(html, "<main>"), 1u);
  EXPECT_EQ(Count(html, "<h1>"), 1u);
  const std::regex heading("<h([1-6])[ >]");
  int previous = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), heading);
       it != std::sregex_iterator(); ++it) {
    const int level = std::stoi((*it)[1]);
    EXPECT_LE(level, previous + 1) << it->position();
    previous = level;
  }
}

TEST(RuleHtml, UnknownRulePageEscapesTheName) {
  const std::string html = RenderUnknownRuleHtml("<script>x</script>");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;x&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<h1>Unknown rule</h1>"), std::string::npos);
}

}  // namespace
}  // namespace nagame::bot::report

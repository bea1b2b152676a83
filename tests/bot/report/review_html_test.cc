// The meeting screen: golden HTML for a seeded week, escaping, landmarks and headings, and
// every chart with its countable shapes and a table of its numbers.
#include "bot/report/review_html.h"

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

using testing::Between;
using testing::Count;

// A seeded week: a flapping rule with a suggestion (replay included), a loud rule co-firing
// with it, a quiet one, a rule whose name needs escaping, decisions and an ack.
ReviewPage Page() {
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
  h.Rule("NodeNotReady").StartingAt(week.from + 1min).Every(10h).For(20min).Times(12);
  h.Rule("DiskWillFillIn4h").StartingAt(week.from + 3 * 24h + 3h).Every(24h).For(3h).Times(2);
  h.Rule("<script>alert(1)</script>").StartingAt(week.from + 50h).For(2min).Times(1);
  rules::CheckInput in = h.Build();
  in.decisions = {{.id = 1,
                   .rule = "PodRestartsHigh",
                   .action = rules::DecisionAction::kTune,
                   .note = "raise for: to 5m & <watch>",
                   .author = "ana",
                   .at = week.from - 5 * 24h}};
  in.acks = {{.id = 1,
              .source = "alertmanager",
              .rule = "PodRestartsHigh",
              .user = "bo",
              .note = "known flake",
              .at = week.from + 30h}};
  rules::Problem flapping;
  flapping.check = "noisy/flapping";
  flapping.category = rules::Category::kNoisy;
  flapping.source = "alertmanager";
  flapping.rule = "PodRestartsHigh";
  flapping.summary = "60 episodes, 100% shorter than 2m";
  flapping.evidence = {
      {"episodes", 60}, {"short_share", 1.0}, {"examples", nlohmann::json::array()}};
  flapping.fix.text = "set for: 5m";
  flapping.fix.yaml = "- alert: PodRestartsHigh\n  for: 5m\n";
  flapping.fix.replay = rules::Replay{.change = "for: 5m",
                                      .episodes_before = 60,
                                      .episodes_after = 0,
                                      .notifications_before = 60,
                                      .notifications_after = 0,
                                      .acked_episodes = 1,
                                      .acked_episodes_lost = 1};
  rules::CheckReport report;
  report.problems = {flapping};
  ReviewPage page;
  page.week = "2026-W47";
  page.window_label = "Mon 11-16 → Sun 11-22, UTC";
  page.previous_href = "/review/2026-W46";
  page.next_href = "/review";
  page.report_href = "/report/2026-W47";
  page.first_day = in.zone.ToLocal(in.history_from).day_number;
  page.agenda = rules::BuildAgenda(in, rules::BuildInventory(in, &report), report);
  return page;
}

TEST(ReviewHtml, Golden) {
  nagame::testing::ExpectGolden("report/review_week.html", RenderReviewHtml(Page()));
}

TEST(ReviewHtml, MeetingOrderSuggestionsFirst) {
  const std::string html = RenderReviewHtml(Page());
  const std::string agenda = Between(html, "<nav id=\"agenda\"", "</nav>");
  const size_t pod = agenda.find("PodRestartsHigh"), node = agenda.find("NodeNotReady"),
               disk = agenda.find("DiskWillFillIn4h");
  ASSERT_NE(pod, std::string::npos);
  EXPECT_LT(pod, node);
  EXPECT_LT(node, disk);
  EXPECT_EQ(Count(html, "<section class=\"rule\""), 4u);
}

TEST(ReviewHtml, EveryStoredTextIsEscaped) {
  const std::string html = RenderReviewHtml(Page());
  // The one script element is the page's own file, at the end; no stored text became one.
  EXPECT_EQ(Count(html, "<script"), 1u);
  EXPECT_NE(html.find("<script src=\"/static/review.js\" defer></script>\n</body>"),
            std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("raise for: to 5m &amp; &lt;watch&gt;"), std::string::npos);
}

TEST(ReviewHtml, AccessibleStructure) {
  const std::string html = RenderReviewHtml(Page());
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_EQ(Count(html, "<main>"), 1u);
  EXPECT_EQ(Count(html, "<header>"), 1u);
  EXPECT_EQ(Count(html, "<h1>"), 1u);
  // Headings never skip a level.
  const std::regex heading("<h([1-6])[ >]");
  int previous = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), heading);
       it != std::sregex_iterator(); ++it) {
    const int level = std::stoi((*it)[1]);
    EXPECT_LE(level, previous + 1) << it->position();
    previous = level;
  }
  EXPECT_NE(html.find(":focus-visible"), std::string::npos);
}

TEST(ReviewHtml, EveryChartHasShapesAndATextAlternative) {
  const std::string html = RenderReviewHtml(Page());
  // Three charts per rule, each a figure with a stable id, an SVG labelled by its caption and
  // a table of its numbers.
  EXPECT_EQ(Count(html, "<figure class=\"chart "), 12u);
  EXPECT_EQ(Count(html, "<svg role=\"img\" aria-labelledby="), 12u);
  EXPECT_EQ(Count(html, "<details><summary>Numbers</summary><table>"), 12u);
  const std::string heat =
      Between(html, "<figure class=\"chart heatmap\" id=\"rule-1-heatmap\"", "</svg>");
  const std::string spark =
      Between(html, "<figure class=\"chart sparkline\" id=\"rule-1-sparkline\"", "</svg>");
  const std::string hist =
      Between(html, "<figure class=\"chart histogram\" id=\"rule-1-durations\"", "</svg>");
  // PodRestartsHigh: every 5 h on two instances, 30 times from Monday 00:00 = one cell per
  // (weekday, hour) started at; its 10 episodes the week before and 30 this week on days.
  EXPECT_GT(Count(heat, "<rect class=\"v "), 0u);
  EXPECT_GT(Count(spark, "<rect class=\"v\""), 7u);
  EXPECT_EQ(Count(hist, "<rect class=\"v\""), 1u);  // all 90 s long
  EXPECT_EQ(Count(hist, "<line class=\"marker current\""), 1u);
  EXPECT_EQ(Count(hist, "<line class=\"marker proposed\""), 1u);
}

TEST(ReviewHtml, FindingShowsEvidenceAndReplay) {
  const std::string html = RenderReviewHtml(Page());
  const std::string rule1 = Between(html, "<section class=\"rule\" id=\"rule-1\"", "</section>");
  EXPECT_NE(rule1.find("<code>noisy/flapping</code>"), std::string::npos);
  EXPECT_NE(rule1.find("<dt>short_share</dt><dd>1.0</dd>"), std::string::npos);
  EXPECT_NE(rule1.find("Replay of <code>for: 5m</code>"), std::string::npos);
  EXPECT_NE(rule1.find("<a href=\"#rule-2\">NodeNotReady</a>"), std::string::npos);
  EXPECT_NE(rule1.find("<b>tune</b> by ana"), std::string::npos);
  EXPECT_NE(rule1.find("bo (known flake)"), std::string::npos);
}

// A partner on the agenda links to its section; one that is not links to its rule page. Each
// rule's section links to its page for the same week.
TEST(ReviewHtml, PartnersLinkToSectionsOrRulePages) {
  ReviewPage page = Page();
  page.agenda[0].partners.push_back({"Not On/The Agenda", 1});
  const std::string html = RenderReviewHtml(page);
  const std::string partners = Between(html, "<ul class=\"partners\">", "</ul>");
  EXPECT_NE(partners.find("<li><a href=\"#rule-2\">NodeNotReady</a>"), std::string::npos)
      << partners;
  EXPECT_NE(partners.find("<li><a href=\"/rules/Not%20On%2FThe%20Agenda\">Not On/The Agenda</a>: "
                          "with 1 of its"),
            std::string::npos)
      << partners;
  EXPECT_NE(html.find("<a href=\"/rules/PodRestartsHigh/2026-W47\">The rule's page</a>"),
            std::string::npos);
}

TEST(ReviewHtml, EmptyWeek) {
  ReviewPage page;
  page.week = "2026-W48";
  page.partial = true;
  const std::string html = RenderReviewHtml(page);
  EXPECT_NE(html.find("Nothing fired and nothing to suggest this week."), std::string::npos);
  EXPECT_EQ(Count(html, "<svg"), 0u);
}

TEST(ReviewHtml, WatchChartsComeAfterTheRulesAndTheAgendaLinksThem) {
  ReviewPage page = Page();
  page.window = Week("2026-11-16");
  page.watch = {{"checkout p99", "max(x)", 0.7, Status::Ok(),
                 testing::Samples(page.window.Previous().from, 1h, 336,
                                  [](int i) { return 0.4 + 0.001 * (i % 5); })}};
  const std::string html = RenderReviewHtml(page);
  const size_t section = html.find("<section class=\"watch-charts\"");
  ASSERT_NE(section, std::string::npos);
  EXPECT_GT(section, html.rfind("<section class=\"rule\""));
  EXPECT_NE(html.find("<a href=\"#watch-charts-h\">Watch charts</a>"), std::string::npos);
  EXPECT_EQ(Count(html, "<figure class=\"chart line\""), 1u);
  EXPECT_EQ(Count(RenderReviewHtml(Page()), "watch-charts"), 0u);  // no watch queries
}

TEST(ReviewHtml, AfterTheFirstSectionsTheRestIsATableOfLinks) {
  ReviewPage page = Page();
  const rules::AgendaItem item = page.agenda.front();
  page.agenda.clear();
  for (size_t i = 0; i < kReviewSections + 5; ++i) {
    page.agenda.push_back(item);
    page.agenda.back().row.rule = "Rule" + std::to_string(i);
  }
  const std::string html = RenderReviewHtml(page);
  EXPECT_EQ(Count(html, "<section class=\"rule\""), kReviewSections);
  EXPECT_NE(html.find("<a href=\"#more-h\">5 more rules</a>"), std::string::npos);
  const std::string more = Between(html, "<section class=\"more-rules\"", "</section>");
  EXPECT_EQ(Count(more, "<tr><td><a href=\"/rules/Rule"), 5u);
  EXPECT_NE(more.find("/rules/Rule34/" + page.week), std::string::npos);
  EXPECT_EQ(Count(RenderReviewHtml(Page()), "more-rules"), 0u);
  EXPECT_EQ(html.find("every rule is in the"), std::string::npos);

  for (size_t i = page.agenda.size(); i < kReviewSections + kReviewMoreRows + 7; ++i) {
    page.agenda.push_back(item);
    page.agenda.back().row.rule = "Rule" + std::to_string(i);
  }
  const std::string many = RenderReviewHtml(page);
  EXPECT_EQ(Count(many, "<tr><td><a href=\"/rules/Rule"), kReviewMoreRows);
  EXPECT_NE(many.find("And 7 more with fewer episodes: every rule is in the <a href=\"" +
                      page.report_href + "\">printable report</a>."),
            std::string::npos);
}

TEST(ReviewHtml, FormOnlyForAnIdentifiedUser) {
  ReviewPage page = Page();
  std::string html = RenderReviewHtml(page);
  EXPECT_EQ(Count(html, "<form"), 0u);
  EXPECT_EQ(Count(html, "<p class=\"signin\">"), 4u);
  page.user = "ana <a>";
  page.csrf_token = "t0k";
  page.record_href = "/review/2026-W47/record";
  html = RenderReviewHtml(page);
  EXPECT_EQ(
      Count(html, "<form class=\"record\" method=\"post\" action=\"/review/2026-W47/record\">"),
      4u);
  EXPECT_EQ(Count(html, "<input type=\"hidden\" name=\"csrf\" value=\"t0k\">"), 4u);
  EXPECT_EQ(Count(html, "name=\"action\" value=\"ticket\" required>"), 4u);
  EXPECT_NE(
      html.find(
          "<label class=\"note\" for=\"rule-1-note\">Note</label><textarea id=\"rule-1-note\""),
      std::string::npos);
  EXPECT_NE(html.find("as ana &lt;a&gt;</legend>"), std::string::npos);
}

}  // namespace
}  // namespace nagame::bot::report

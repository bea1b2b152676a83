#include "bot/report/report_html.h"

#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <set>
#include <string>

#include "bot/html_escape.h"
#include "bot/http/content_security.h"
#include "bot/report/page_shell.h"
#include "tests/support/golden.h"
#include "tests/support/text_search.h"

namespace nagame::bot::report {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

Time At(int64_t seconds) { return Time(std::chrono::seconds(seconds)); }

using testing::Count;

rules::InventoryRow Row(std::string rule, int64_t episodes, int64_t previous, Duration firing) {
  rules::InventoryRow r;
  r.source = "alertmanager";
  r.rule = std::move(rule);
  r.severity = "warning";
  r.team = "shop";
  r.defined = true;
  r.episodes = episodes;
  r.started = episodes;
  r.instances = episodes > 0 ? 3 : 0;
  r.firing = firing;
  r.median = minutes(2);
  r.p90 = minutes(5);
  r.previous_episodes = previous;
  r.delta_episodes = episodes - previous;
  return r;
}

ReportPage Page() {
  ReportPage page;
  page.week = "2026-W47";
  page.window_label = "Mon 11-16 → Sun 11-22, Asia/Tokyo";
  page.previous_href = "/report/2026-W46";
  page.next_href = "/report";
  page.inventory.window = {At(1763218800), At(1763823600)};
  page.inventory.rows = {
      Row("PodRestartsHigh", 63, 12, hours(5)), Row("DiskWillFillIn4h", 4, 9, hours(30)),
      Row("<script>alert(\"x\")</script>", 1, 0, minutes(3)), Row("NeverFires", 0, 0, Duration{0})};
  page.inventory.rows[0].acks = 3;
  page.inventory.rows[0].checks = {"noisy/volume", "noisy/flapping"};
  page.inventory.rows[0].last_decision = rules::Decision{.id = 1,
                                                         .rule = "PodRestartsHigh",
                                                         .action = rules::DecisionAction::kTune,
                                                         .note = "raise for to 10m & <see>",
                                                         .author = "ana",
                                                         .at = At(1763200000)};
  rules::Problem volume;
  volume.check = "noisy/volume";
  volume.category = rules::Category::kNoisy;
  volume.source = "alertmanager";
  volume.rule = "PodRestartsHigh";
  volume.severity = rules::Severity::kCritical;
  volume.summary = "63 episodes in 7d (was 12)";
  volume.fix.text = "set for: 10m";
  volume.fix.yaml = "- alert: PodRestartsHigh\n  for: 10m\n";
  rules::Problem never;
  never.check = "stale/never-fired";
  never.category = rules::Category::kStale;
  never.rule = "NeverFires";
  never.severity = rules::Severity::kInfo;
  never.summary = "defined for 90d, never fired";
  never.fix.text = "delete it, or check that its metric exists";
  page.report.problems = {volume, never};
  page.report.unable = {{"missing/metric-gone", "prometheus.url is not configured"}};
  return page;
}

TEST(ReportHtml, Golden) {
  nagame::testing::ExpectGolden("report/week.html", RenderReportHtml(Page()));
}

TEST(ReportHtml, EveryStoredTextIsEscaped) {
  const std::string html = RenderReportHtml(Page());
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("raise for to 10m &amp; &lt;see&gt;"), std::string::npos);
  EXPECT_EQ(HtmlEscape("a&b<c>\"d'"), "a&amp;b&lt;c&gt;&quot;d&#39;");
}

// The tag names in `html` ("tr", "/tr", "!DOCTYPE", …).
std::set<std::string> Tags(const std::string& html) {
  std::set<std::string> tags;
  for (size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
    const size_t end = html.find_first_of(" >\n", at + 1);
    tags.insert(html.substr(at + 1, end - at - 1));
  }
  return tags;
}

// Every stored text of the page hostile: chat mentions, Markdown, markup that closes an
// attribute, and a 4,000-byte label value.
ReportPage HostilePage() {
  const std::string huge = [] {
    std::string s = "team=";
    while (s.size() < 4000) s += "&<!channel>\"'><script>";
    return s.substr(0, 4000);
  }();
  ReportPage page = Page();
  page.window_label = "<!here> @here";
  page.inventory.rows = {Row("<!channel>\"><script>alert(1)</script>", 9, 1, hours(2)),
                         Row("[x](u) *b* @here", 5, 5, hours(1)), Row(huge, 2, 0, minutes(5))};
  page.inventory.rows[0].team = "\"><img src=x onerror=alert(1)>";
  page.inventory.rows[0].source = "<b>am</b>";
  page.inventory.rows[0].severity = huge;
  page.inventory.rows[0].checks = {"noisy/volume", "<i>check</i>"};
  page.inventory.rows[0].last_decision =
      rules::Decision{.id = 2,
                      .rule = page.inventory.rows[0].rule,
                      .action = rules::DecisionAction::kKeep,
                      .note = "<!channel> see <https://evil.example|here> " + huge,
                      .author = "<@U1>",
                      .at = At(1763200000)};
  rules::Problem p = page.report.problems[0];
  p.rule = page.inventory.rows[0].rule;
  p.summary = "<script>x</script> " + huge;
  p.fix.text = "[x](u) <!here>";
  p.fix.yaml = "- alert: '</pre><script>'\n";
  page.report.problems = {p};
  page.report.unable = {{"<x>/y", "<script>unable</script>"}};
  return page;
}

TEST(ReportHtml, HostileNamesAreText) {
  const std::string html = RenderReportHtml(HostilePage());
  nagame::testing::ExpectGolden("report/hostile.html", html);
  // No tag but the ones an ordinary page has: no stored text opened an element.
  const std::set<std::string> ordinary = Tags(RenderReportHtml(Page()));
  for (const std::string& tag : Tags(html)) {
    EXPECT_TRUE(ordinary.count(tag)) << "a tag from stored text: <" << tag;
  }
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<!channel>"), std::string::npos);
  EXPECT_EQ(html.find("\"><img"), std::string::npos) << "an attribute was closed";
  EXPECT_NE(html.find("&lt;!channel&gt;&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
            std::string::npos);
  // Chart labels are cut before they are escaped: no reference is split.
  for (size_t at = html.find('&'); at != std::string::npos; at = html.find('&', at + 1)) {
    const size_t semi = html.find(';', at);
    ASSERT_NE(semi, std::string::npos);
    EXPECT_LE(semi - at, 5u) << html.substr(at, 12);
  }
}

TEST(ReportHtml, ChartsDrawRulesThatFired) {
  const std::string html = RenderReportHtml(Page());
  EXPECT_EQ(Count(html, "<svg"), 2u);
  // Three rules fired: three bars per chart, plus the previous week's under each episodes bar.
  // The third rule had no episodes the week before: no grey bar for it.
  EXPECT_EQ(Count(html, "<rect class=\"now\""), 6u);
  EXPECT_EQ(Count(html, "<rect class=\"before\""), 2u);
  EXPECT_NE(html.find("63 (was 12)"), std::string::npos);
  EXPECT_NE(html.find("30.0 h on 3 instances"), std::string::npos);
  // The table lists every rule, the one that never fired too.
  EXPECT_NE(html.find("<tr id=\"rule-NeverFires\">"), std::string::npos);
}

TEST(ReportHtml, ManyRulesChartOnlyTheTop) {
  ReportPage page = Page();
  page.inventory.rows.clear();
  for (int i = 0; i < 200; ++i) {
    page.inventory.rows.push_back(Row("Rule" + std::to_string(i), 200 - i, 0, hours(1)));
  }
  const std::string html = RenderReportHtml(page);
  EXPECT_EQ(Count(html, "<rect class=\"now\""), 2 * kChartRules);
  EXPECT_NE(html.find("The 15 rules with the most episodes, of 200 that fired."),
            std::string::npos);
  EXPECT_EQ(Count(html, "<tr id=\"rule-"), 200u);
}

TEST(ReportHtml, RunningWeekAndNothingFired) {
  ReportPage page;
  page.week = "2026-W48";
  page.window_label = "Mon 11-23 → Sun 11-29, Asia/Tokyo";
  page.partial = true;
  page.previous_href = "/report/2026-W47";
  const std::string html = RenderReportHtml(page);
  EXPECT_NE(html.find("so far"), std::string::npos);
  EXPECT_EQ(html.find("week after"), std::string::npos);
  EXPECT_EQ(Count(html, "Nothing fired in this window."), 2u);
  EXPECT_NE(html.find("No findings for this week."), std::string::npos);
}

double Luminance(const std::string& hex) {
  double c[3];
  for (int i = 0; i < 3; ++i) {
    const double v = std::stoi(hex.substr(1 + 2 * i, 2), nullptr, 16) / 255.0;
    c[i] = v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  }
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

TEST(ReportHtml, ValueAfterTheLongestBarFitsTheChart) {
  const std::string html = RenderReportHtml(Page());
  // "30.0 h on 3 instances" follows the longest firing-time bar; every value text must end
  // inside the viewBox at kChartCharWidth per character.
  const std::regex value_re("<text class=\"value\" x=\"([0-9]+)\" y=\"[0-9]+\">([^<]*)</text>");
  size_t values = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), value_re);
       it != std::sregex_iterator(); ++it, ++values) {
    const double end = std::stod((*it)[1]) + (*it)[2].length() * kChartCharWidth;
    EXPECT_LE(end, kChartWidth) << (*it)[2];
  }
  EXPECT_EQ(values, 6u);
  EXPECT_EQ(Count(html, "viewBox=\"0 0 " + std::to_string(kChartWidth) + " "), 2u);
}

TEST(ReportHtml, ReadableWithoutOverflowAtA500PxViewport) {
  const std::string html = RenderReportHtml(Page());
  // Charts scale to the content width (500 px less 2 rem padding) and are at most
  // kChartWidth wide, so their 12 px text shows at 11 px or more.
  EXPECT_GE(12.0 * (500 - 32) / kChartWidth, 11.0);
  EXPECT_NE(html.find("svg.bars{display:block;width:100%;max-width:40rem;height:auto}"),
            std::string::npos);
  EXPECT_NE(html.find("svg text{font-size:12px;"), std::string::npos);
  // Nothing with a fixed width: no inline styles, the wide table scrolls inside its box.
  EXPECT_EQ(html.find("style=\""), std::string::npos);
  EXPECT_EQ(html.find(" width=\"100%\""), std::string::npos);
  EXPECT_NE(html.find(".wide{overflow-x:auto;max-width:100%}"), std::string::npos);
  EXPECT_NE(html.find("<div class=\"wide\"><table>"), std::string::npos);
  EXPECT_NE(html.find("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"),
            std::string::npos);
}

TEST(ReportHtml, CaptionCountsTheRulesShown) {
  const std::string html = RenderReportHtml(Page());
  EXPECT_EQ(Count(html, "All 3 rules that fired."), 2u);
  EXPECT_EQ(html.find("The 15 rules"), std::string::npos);
  ReportPage one = Page();
  one.inventory.rows.resize(1);
  EXPECT_EQ(Count(RenderReportHtml(one), "The one rule that fired."), 2u);
}

TEST(ReportHtml, NoPreviousBarWhenNothingFiredTheWeekBefore) {
  ReportPage page = Page();
  for (rules::InventoryRow& r : page.inventory.rows) r.previous_episodes = 0;
  const std::string html = RenderReportHtml(page);
  EXPECT_EQ(Count(html, "<rect class=\"before\""), 0u);
  EXPECT_EQ(Count(html, "<rect class=\"now\""), 6u);
}

TEST(ReportHtml, BarsContrastAtLeast3To1OnWhite) {
  for (const std::string fill : {kNowFill, kBeforeFill}) {
    const double contrast = 1.05 / (Luminance(fill) + 0.05);
    EXPECT_GE(contrast, 3.0) << fill;
  }
  const std::string html = RenderReportHtml(Page());
  EXPECT_NE(html.find(std::string("class=\"before\"") + " x=\"0\""), std::string::npos);
  EXPECT_NE(html.find(std::string("fill=\"") + kBeforeFill + "\""), std::string::npos);
}

TEST(ReportHtml, CspAllowsTheInlineStyleByHashAndNoScript) {
  const std::string html = RenderReportHtml(Page());
  const size_t open = html.find("<style>") + 7;
  const std::string style = html.substr(open, html.find("</style>") - open);
  EXPECT_NE(DocumentCsp().find("style-src " + http::Sha256Source(style)), std::string::npos)
      << DocumentCsp();
  EXPECT_EQ(DocumentCsp().find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(DocumentCsp().find("script-src"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

}  // namespace
}  // namespace nagame::bot::report

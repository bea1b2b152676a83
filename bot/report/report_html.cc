// RenderReportHtml: the week's report page.
#include "bot/report/report_html.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include "bot/html_escape.h"
#include "bot/report/page_shell.h"
#include "rules/problem.h"
#include "rules/review_records.h"

namespace nagame::bot::report {
namespace {

std::string Num(int64_t v) { return std::to_string(v); }

std::string Delta(int64_t now, int64_t before) {
  const int64_t d = now - before;
  if (d == 0) return "<span>±0</span>";
  return d > 0 ? "<span class=\"up\">+" + Num(d) + "</span>"
               : "<span class=\"down\">" + Num(d) + "</span>";
}

std::string Hours(Duration d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f h", std::chrono::duration<double>(d).count() / 3600.0);
  return buf;
}

// The label of a chart row: the rule name, cut to fit the chart's width.
std::string ChartLabel(const std::string& rule) {
  constexpr size_t kMax = 64;
  if (rule.size() <= kMax) return rule;
  size_t cut = kMax - 1;
  while (cut > 0 && (static_cast<unsigned char>(rule[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return rule.substr(0, cut) + "…";
}

struct Bar {
  std::string label;
  double value = 0;
  double previous = -1;  // <= 0: none drawn
  std::string text;      // shown after the bar
};

// A horizontal bar chart: per rule its label on one line, under it the bar with its value
// after it and, when given, the previous week as a thin bar below. Scaled to the largest value
// of either, leaving room after the bars for the longest value text (kChartCharWidth each).
std::string BarChart(const std::string& title, const std::vector<Bar>& bars) {
  if (bars.empty()) return "<p>Nothing fired in this window.</p>\n";
  double max = 0;
  size_t longest_text = 0;
  for (const Bar& b : bars) {
    max = std::max({max, b.value, b.previous});
    longest_text = std::max(longest_text, b.text.size());
  }
  if (max <= 0) max = 1;
  const int text_room = static_cast<int>(longest_text * kChartCharWidth) + 8;
  const int bar_area = std::max(kChartWidth - text_room, kChartWidth / 3);
  const int width = std::max(kChartWidth, bar_area + text_room);
  const int height = static_cast<int>(bars.size()) * kChartRowHeight + 4;
  std::string out = "<svg class=\"bars\" role=\"img\" viewBox=\"0 0 " + Num(width) + " " +
                    Num(height) + "\"><title>" + HtmlEscape(title) + "</title>\n";
  int y = 0;
  for (const Bar& b : bars) {
    const int w = std::max(static_cast<int>(b.value / max * bar_area + 0.5), 1);
    out += "<text class=\"label\" x=\"0\" y=\"" + Num(y + 13) + "\">" +
           HtmlEscape(ChartLabel(b.label)) + "</text>";
    out += "<rect class=\"now\" x=\"0\" y=\"" + Num(y + 18) + "\" width=\"" + Num(w) +
           "\" height=\"12\" fill=\"" + kNowFill + "\"/>";
    if (b.previous > 0) {
      const int pw = std::max(static_cast<int>(b.previous / max * bar_area + 0.5), 1);
      out += "<rect class=\"before\" x=\"0\" y=\"" + Num(y + 31) + "\" width=\"" + Num(pw) +
             "\" height=\"5\" fill=\"" + kBeforeFill + "\"/>";
    }
    out += "<text class=\"value\" x=\"" + Num(w + 6) + "\" y=\"" + Num(y + 28) + "\">" +
           HtmlEscape(b.text) + "</text>\n";
    y += kChartRowHeight;
  }
  return out + "</svg>\n";
}

std::string Totals(const ReportPage& page) {
  int64_t fired = 0, episodes = 0, previous = 0, instances = 0, acks = 0;
  Duration firing{0};
  for (const rules::InventoryRow& r : page.inventory.rows) {
    if (r.episodes > 0) ++fired;
    episodes += r.episodes;
    previous += r.previous_episodes;
    instances += r.instances;
    acks += r.acks;
    firing += r.firing;
  }
  std::map<std::string, int64_t> by_category;
  for (const rules::Problem& p : page.report.problems) {
    ++by_category[rules::CategoryName(p.category)];
  }
  auto box = [](const std::string& value, const std::string& label) {
    return "<div><b>" + value + "</b>" + label + "</div>";
  };
  std::string out = "<section class=\"totals\">";
  out += box(Num(fired), "rules fired");
  out += box(Num(episodes) + " " + Delta(episodes, previous),
             "episodes (week before: " + Num(previous) + ")");
  out += box(Num(instances), "instances");
  out += box(HtmlEscape(Hours(firing)), "firing, summed");
  out += box(Num(acks), "acks");
  for (const char* c : {"noisy", "stale", "missing"}) {
    auto it = by_category.find(c);
    out += box(Num(it == by_category.end() ? 0 : it->second), std::string(c) + " suggestions");
  }
  return out + "</section>\n";
}

std::string Charts(const ReportPage& page) {
  std::vector<const rules::InventoryRow*> fired;
  for (const rules::InventoryRow& r : page.inventory.rows) {
    if (r.episodes > 0) fired.push_back(&r);
  }
  std::vector<Bar> episodes;
  for (size_t i = 0; i < fired.size() && i < kChartRules; ++i) {
    const rules::InventoryRow& r = *fired[i];
    episodes.push_back({r.rule, static_cast<double>(r.episodes),
                        static_cast<double>(r.previous_episodes),
                        Num(r.episodes) + " (was " + Num(r.previous_episodes) + ")"});
  }
  std::sort(fired.begin(), fired.end(), [](const auto* a, const auto* b) {
    return a->firing != b->firing ? a->firing > b->firing : a->rule < b->rule;
  });
  std::vector<Bar> firing;
  for (size_t i = 0; i < fired.size() && i < kChartRules; ++i) {
    const rules::InventoryRow& r = *fired[i];
    firing.push_back({r.rule, std::chrono::duration<double>(r.firing).count(), -1,
                      Hours(r.firing) + " on " + Num(r.instances) + " instances"});
  }
  const std::string shown =
      fired.size() <= kChartRules
          ? (fired.size() == 1 ? std::string("The one rule that fired.")
                               : "All " + Num(fired.size()) + " rules that fired.")
          : "The " + Num(kChartRules) + " rules with the most episodes, of " + Num(fired.size()) +
                " that fired.";
  return "<h2>Episodes per rule</h2>\n<p class=\"sub\">Thick blue bar: this week; thin grey "
         "bar: the week before (none when nothing fired then). " +
         shown + "</p>\n" + BarChart("Episodes per rule", episodes) +
         "<h2>Firing time per rule</h2>\n<p class=\"sub\">Summed over instances, clipped to the "
         "week. " +
         shown + "</p>\n" + BarChart("Firing time per rule", firing);
}

std::string InventoryTable(const ReportPage& page) {
  std::string out =
      "<h2>Inventory</h2>\n<div "
      "class=\"wide\"><table><thead><tr><th>Rule</th><th>Source</th><th>Severity</th>"
      "<th>Team</th><th class=\"n\">Episodes</th><th class=\"n\">Δ</th>"
      "<th class=\"n\">Instances</th><th class=\"n\">Firing</th><th class=\"n\">Median</th>"
      "<th class=\"n\">p90</th><th class=\"n\">Acks</th><th>Decision</th><th>Findings</th>"
      "</tr></thead><tbody>\n";
  for (const rules::InventoryRow& r : page.inventory.rows) {
    std::string checks;
    for (const std::string& c : r.checks) checks += (checks.empty() ? "" : ", ") + HtmlEscape(c);
    std::string decision;
    if (r.last_decision) {
      decision = HtmlEscape(rules::DecisionActionName(r.last_decision->action));
      if (!r.last_decision->note.empty()) decision += ": " + HtmlEscape(r.last_decision->note);
    }
    out += "<tr id=\"rule-" + HtmlEscape(r.rule) + "\"><td>" + HtmlEscape(r.rule) +
           (r.defined ? "" : " <small>(no definition)</small>") + "</td><td>" +
           HtmlEscape(r.source) + "</td><td>" + HtmlEscape(r.severity) + "</td><td>" +
           HtmlEscape(r.team) + "</td><td class=\"n\">" + Num(r.episodes) +
           "</td><td class=\"n\">" + Delta(r.episodes, r.previous_episodes) +
           "</td><td class=\"n\">" + Num(r.instances) + "</td><td class=\"n\">" +
           HtmlEscape(FormatDuration(r.firing)) + "</td><td class=\"n\">" +
           HtmlEscape(FormatDuration(r.median)) + "</td><td class=\"n\">" +
           HtmlEscape(FormatDuration(r.p90)) + "</td><td class=\"n\">" + Num(r.acks) + "</td><td>" +
           decision + "</td><td>" + checks + "</td></tr>\n";
  }
  if (page.inventory.rows.empty()) out += "<tr><td colspan=\"13\">No rules known.</td></tr>\n";
  return out + "</tbody></table></div>\n";
}

std::string Finding(const rules::Problem& p) {
  const char* severity = rules::SeverityName(p.severity);
  std::string out = "<div class=\"finding\"><span class=\"sev " + std::string(severity) + "\">" +
                    severity + "</span> <code>" + HtmlEscape(p.check) + "</code> ";
  if (!p.rule.empty()) out += "<b>" + HtmlEscape(p.rule) + "</b> ";
  out += "— " + HtmlEscape(p.summary);
  if (!p.fix.text.empty()) out += "<div class=\"fix\">Fix: " + HtmlEscape(p.fix.text) + "</div>";
  if (!p.fix.yaml.empty()) out += "<pre>" + HtmlEscape(p.fix.yaml) + "</pre>";
  return out + "</div>\n";
}

std::string Suggestions(const ReportPage& page) {
  std::string out = "<h2>Suggestions</h2>\n";
  if (page.report.problems.empty()) out += "<p>No findings for this week.</p>\n";
  std::string category;
  for (const rules::Problem& p : page.report.problems) {  // ordered by category
    if (category != rules::CategoryName(p.category)) {
      category = rules::CategoryName(p.category);
      out += "<h3>" + HtmlEscape(category) + "</h3>\n";
    }
    out += Finding(p);
  }
  if (!page.report.unable.empty()) {
    out += "<h3>Checks unable to run</h3>\n<ul>\n";
    for (const rules::UnableToRun& u : page.report.unable) {
      out += "<li><code>" + HtmlEscape(u.check) + "</code>: " + HtmlEscape(u.reason) + "</li>\n";
    }
    out += "</ul>\n";
  }
  return out;
}

}  // namespace

std::string RenderReportHtml(const ReportPage& page) {
  const std::string title = "Alert review — week " + page.week;
  std::string out =
      "<main>\n" + RenderWeekHeading(title, page, {{page.review_href, "Meeting screen"}});
  out += Totals(page) + Charts(page) + InventoryTable(page) + Suggestions(page);
  return RenderDocument(title, out + "</main>\n");
}

}  // namespace nagame::bot::report

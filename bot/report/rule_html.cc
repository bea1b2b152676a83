// RenderRuleHtml: the rule's page.
#include "bot/report/rule_html.h"

#include <map>

#include "bot/html_escape.h"
#include "bot/report/rule_sections.h"
#include "bot/report/svg_charts.h"
#include "rules/review_records.h"

namespace nagame::bot::report {
namespace {

std::string Num(int64_t v) { return std::to_string(v); }

std::string Day(Time t) { return FormatRfc3339(t).substr(0, 10); }

// "2026-11-16 14:03"
std::string Minute(Time t) {
  std::string s = FormatRfc3339(std::chrono::floor<std::chrono::minutes>(t));
  return s.substr(0, 10) + " " + s.substr(11, 5);
}

std::string Timeline(const RulePage& page) {
  const rules::RulePageFacts& f = page.facts;
  std::vector<std::string> lanes;
  std::map<std::string, size_t> lane_of;  // fingerprint → lane
  std::vector<TimelineSpan> spans;
  for (const rules::Episode& e : f.episodes) {
    auto it = lane_of.find(e.fingerprint);
    if (it == lane_of.end()) {
      if (lanes.size() < kMaxTimelineLanes) {
        auto instance = e.labels.find("instance");
        lanes.push_back(instance != e.labels.end() ? instance->second : e.fingerprint);
      } else if (lanes.size() == kMaxTimelineLanes) {
        lanes.push_back("other instances");
      }
      it = lane_of.emplace(e.fingerprint, lanes.size() - 1).first;
    }
    const Time end = e.ends_at.value_or(page.to);
    spans.push_back({it->second, e.starts_at, end,
                     lanes[it->second] + ": " + Minute(e.starts_at) + " for " +
                         FormatDuration(end - e.starts_at) + (e.ends_at ? "" : " (still firing)")});
  }
  std::vector<TimelineMark> acks, decisions;
  for (const rules::AgendaItem& item : f.items) {
    for (const rules::Ack& a : item.acks) {
      acks.push_back({a.at, "ack by " + a.user + " at " + Minute(a.at) +
                                (a.note.empty() ? "" : ": " + a.note)});
    }
  }
  for (const rules::DecisionFollowUp& d : f.follow_ups) {
    decisions.push_back({d.decision.at, std::string(rules::DecisionActionName(d.decision.action)) +
                                            " by " + d.decision.author + " at " +
                                            Minute(d.decision.at)});
  }
  return TimelineChart("timeline",
                       "Episodes this week per instance (" +
                           Num(static_cast<int64_t>(spans.size())) +
                           "); dots: acks; vertical lines: decisions",
                       page.from, page.to, lanes, spans, acks, decisions);
}

std::string FollowUps(const RulePage& page) {
  const auto& follow_ups = page.facts.follow_ups;
  if (follow_ups.empty()) return "<p>No decision recorded yet.</p>\n";
  std::string out =
      "<table class=\"follow-up\"><caption>Each decision and the episodes started in the week "
      "before and after it</caption><thead><tr><th>Date</th><th>Decision</th><th>By</th>"
      "<th>Note</th><th class=\"n\">Week before</th><th class=\"n\">After</th></tr></thead>"
      "<tbody>";
  for (const rules::DecisionFollowUp& f : follow_ups) {
    const rules::Decision& d = f.decision;
    out += "<tr><td>" + Day(d.at) + "</td><td>" + HtmlEscape(rules::DecisionActionName(d.action)) +
           "</td><td>" + HtmlEscape(d.author) + "</td><td>" + HtmlEscape(d.note) +
           "</td><td class=\"n\">" + Num(f.before) + (f.before_complete ? "" : " (partial)") +
           "</td><td class=\"n\">" + Num(f.after) +
           (f.after_span < rules::kFollowUpSpan ? " in " + HtmlEscape(FormatDuration(f.after_span))
                                                : "") +
           "</td></tr>";
  }
  return out + "</tbody></table>\n";
}

std::string ItemSection(const RulePage& page, const rules::AgendaItem& item, size_t index) {
  const std::string id = "source-" + Num(static_cast<int64_t>(index + 1));
  return "<section class=\"rule\" id=\"" + id + "\" aria-labelledby=\"" + id + "-h\">\n<h2 id=\"" +
         id + "-h\">From " + HtmlEscape(item.row.source) + "</h2>\n" + RuleNumbers(item.row) +
         "<h3>Suggestion</h3>\n" + RuleFindings(item) + "<h3>Charts</h3>\n" +
         RuleCharts(item, page.facts.first_day, id) + "<h3>Fires together with</h3>\n" +
         RulePartners(item,
                      [&page](const std::string& p) { return RuleHref(p) + "/" + page.week; }) +
         "<h3>Definition</h3>\n" + RuleDefinition(item) + "<h3>Acks</h3>\n" +
         (item.acks.empty() ? "<p>No ack this week.</p>\n" : RuleHistory(item)) + "</section>\n";
}

}  // namespace

std::string RenderRuleHtml(const RulePage& page) {
  const std::string title = "Rule " + page.facts.rule + " — week " + page.week;
  std::string body =
      "<header>\n" + RenderWeekHeading(title, page, {{page.review_href, "The meeting"}});
  body +=
      "</header>\n<main>\n<section aria-labelledby=\"timeline-h\"><h2 id=\"timeline-h\">"
      "Timeline</h2>\n" +
      Timeline(page) + "</section>\n";
  if (page.facts.items.empty()) {
    body += "<p>Nothing recorded for this rule in the four weeks the review reads.</p>\n";
  }
  for (size_t i = 0; i < page.facts.items.size(); ++i) {
    body += ItemSection(page, page.facts.items[i], i);
  }
  body +=
      "<section aria-labelledby=\"decisions-h\"><h2 id=\"decisions-h\">Decisions and "
      "follow-up</h2>\n" +
      FollowUps(page) + "</section>\n</main>\n";
  return RenderDocument(title, body);
}

std::string RenderUnknownRuleHtml(std::string_view rule) {
  return RenderDocument(
      "Unknown rule",
      "<main>\n<h1>Unknown rule</h1>\n<p>No rule named <code>" + HtmlEscape(rule) +
          "</code> is defined or was seen.</p>\n<p><a href=\"/review\">The meeting</a></p>\n"
          "</main>\n");
}

}  // namespace nagame::bot::report

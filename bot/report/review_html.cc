// RenderReviewHtml: the meeting screen.
#include "bot/report/review_html.h"

#include <algorithm>

#include "bot/html_escape.h"
#include "bot/report/page_shell.h"
#include "bot/report/review_script.h"
#include "bot/report/rule_sections.h"
#include "bot/report/watch_charts.h"
#include "rules/problem.h"
#include "rules/review_records.h"

namespace nagame::bot::report {
namespace {

std::string Num(int64_t v) { return std::to_string(v); }

// How many agenda items get a full section (the meeting's order puts the ones to discuss
// first); the rest are one table row each, linking to their rule pages, so a store with
// thousands of firing rules still gives a page a projector can load.
size_t Sections(const ReviewPage& page) { return std::min(page.agenda.size(), kReviewSections); }

// A partner with a section on this page links to it; any other to its rule page.
std::string PartnerHref(const ReviewPage& page, const std::string& rule) {
  for (size_t i = 0; i < Sections(page); ++i) {
    if (page.agenda[i].row.rule == rule) return "#rule-" + Num(static_cast<int64_t>(i + 1));
  }
  return RuleHref(rule);
}

// The form recording a decision or an ack on the rule (POST page.record_href), or why none.
std::string RecordForm(const ReviewPage& page, const rules::AgendaItem& item,
                       const std::string& id) {
  if (page.csrf_token.empty()) {
    return "<p class=\"signin\">Sign in with the API's basic auth or through the trusted proxy to "
           "record a decision.</p>\n";
  }
  std::string out =
      "<form class=\"record\" method=\"post\" action=\"" + HtmlEscape(page.record_href) +
      "\"><input type=\"hidden\" name=\"csrf\" value=\"" + HtmlEscape(page.csrf_token) +
      "\"><input type=\"hidden\" name=\"rule\" value=\"" + HtmlEscape(item.row.rule) +
      "\"><fieldset><legend>Record for " + HtmlEscape(item.row.rule) + " as " +
      HtmlEscape(page.user) + "</legend>";
  for (const char* action : {"keep", "tune", "delete", "add", "ticket", "ack"}) {
    out += "<label><input type=\"radio\" name=\"action\" value=\"" + std::string(action) +
           "\" required> " + action + "</label> ";
  }
  out += "<label class=\"note\" for=\"" + id + "-note\">Note</label><textarea id=\"" + id +
         "-note\" name=\"note\" rows=\"2\" maxlength=\"4000\"></textarea><button type=\"submit\">"
         "Record</button></fieldset></form>\n";
  return out;
}

std::string RuleSection(const ReviewPage& page, const rules::AgendaItem& item, size_t index) {
  const std::string id = "rule-" + Num(static_cast<int64_t>(index + 1));
  const std::string& r = item.row.rule;
  return "<section class=\"rule\" id=\"" + id + "\" aria-labelledby=\"" + id +
         "-h\" tabindex=\"-1\">\n"
         "<h2 id=\"" +
         id + "-h\">" + Num(static_cast<int64_t>(index + 1)) + ". " + HtmlEscape(r) + " <small>" +
         HtmlEscape(item.row.source) + "</small></h2>\n" + RuleNumbers(item.row) +
         "<h3>Suggestion</h3>\n" + RuleFindings(item) + "<h3>Charts</h3>\n" +
         RuleCharts(item, page.first_day, id) + "<h3>Fires together with</h3>\n" +
         RulePartners(item, [&page](const std::string& p) { return PartnerHref(page, p); }) +
         "<h3>Definition</h3>\n" + RuleDefinition(item) + "<h3>Decisions</h3>\n" +
         RuleHistory(item) + RecordForm(page, item, id) + "<p class=\"more\"><a href=\"" +
         HtmlEscape(RuleHref(r) + "/" + page.week) +
         "\">The rule's page</a> · <a href=\"#agenda\">Back to the agenda</a></p>\n"
         "</section>\n";
}

// The agenda items after the first `from` as one table of at most kReviewMoreRows rows: rule
// (linking to its page), episodes, the week before, suggestions; the printable report lists
// every rule. Empty when there are none.
std::string MoreRules(const ReviewPage& page, size_t from) {
  if (from >= page.agenda.size()) return "";
  const size_t to = std::min(page.agenda.size(), from + kReviewMoreRows);
  std::string rows;
  for (size_t i = from; i < to; ++i) {
    const rules::AgendaItem& item = page.agenda[i];
    rows += "<tr><td><a href=\"" + HtmlEscape(RuleHref(item.row.rule) + "/" + page.week) + "\">" +
            HtmlEscape(item.row.rule) + "</a></td><td class=\"n\">" + Num(item.row.episodes) +
            "</td><td class=\"n\">" + Num(item.row.previous_episodes) + "</td><td class=\"n\">" +
            Num(static_cast<int64_t>(item.problems.size())) + "</td></tr>";
  }
  return "<section class=\"more-rules\" aria-labelledby=\"more-h\"><h2 id=\"more-h\">" +
         Num(static_cast<int64_t>(page.agenda.size() - from)) +
         " more rules</h2>\n<table><thead><tr><th>Rule</th><th class=\"n\">Episodes</th><th "
         "class=\"n\">Week before</th><th class=\"n\">Suggestions</th></tr></thead><tbody>" +
         rows + "</tbody></table>" +
         (to < page.agenda.size()
              ? "<p>And " + Num(static_cast<int64_t>(page.agenda.size() - to)) +
                    " more with fewer episodes: every rule is in the <a href=\"" +
                    HtmlEscape(page.report_href) + "\">printable report</a>.</p>"
              : std::string()) +
         "</section>\n";
}

}  // namespace

std::string RenderReviewHtml(const ReviewPage& page) {
  const std::string title = "Alert review meeting — week " + page.week;
  std::string body =
      "<header>\n" + RenderWeekHeading(title, page, {{page.report_href, "Printable report"}});
  body +=
      "</header>\n<main>\n<nav id=\"agenda\" aria-labelledby=\"agenda-h\">"
      "<h2 id=\"agenda-h\">Agenda</h2>\n<p class=\"keys\">Keys: <kbd>j</kbd> / <kbd>k</kbd> "
      "next / previous rule, <kbd>Tab</kbd> through links and forms.</p>\n";
  const size_t sections = Sections(page);
  if (page.agenda.empty()) {
    body += "<p>Nothing fired and nothing to suggest this week.</p>\n";
  } else {
    body += "<ol>";
    for (size_t i = 0; i < sections; ++i) {
      const rules::AgendaItem& item = page.agenda[i];
      body += "<li><a href=\"#rule-" + Num(static_cast<int64_t>(i + 1)) + "\">" +
              HtmlEscape(item.row.rule) + "</a> — " + Num(item.row.episodes) +
              (item.row.episodes == 1 ? " episode" : " episodes") +
              (item.problems.empty()
                   ? ""
                   : ", " + Num(static_cast<int64_t>(item.problems.size())) +
                         (item.problems.size() == 1 ? " suggestion" : " suggestions")) +
              "</li>";
    }
    body += "</ol>\n";
    if (sections < page.agenda.size()) {
      body += "<p><a href=\"#more-h\">" + Num(static_cast<int64_t>(page.agenda.size() - sections)) +
              " more rules</a> fired, each with its own page.</p>\n";
    }
  }
  if (!page.watch.empty()) body += "<p><a href=\"#watch-charts-h\">Watch charts</a></p>\n";
  body += "</nav>\n";
  for (size_t i = 0; i < sections; ++i) body += RuleSection(page, page.agenda[i], i);
  body += MoreRules(page, sections);
  body += WatchChartsSection(page.window, page.zone, page.watch, page.watch_findings);
  body += "</main>\n<script src=\"" + std::string(kReviewScriptPath) + "\" defer></script>\n";
  return RenderDocument(title, body);
}

}  // namespace nagame::bot::report

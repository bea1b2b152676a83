// RenderReviewHtml: the meeting screen.
#include "bot/report/review_html.h"

#include <chrono>
#include <cstdio>

#include "bot/html_escape.h"
#include "bot/report/page_shell.h"
#include "bot/report/svg_charts.h"
#include "rules/problem.h"
#include "rules/review_records.h"

namespace nagame::bot::report {
namespace {

std::string Num(int64_t v) { return std::to_string(v); }

std::string Signed(int64_t v) { return v > 0 ? "+" + Num(v) : v == 0 ? "±0" : Num(v); }

// "2026-11-16" for a local day number.
std::string DayLabel(int64_t day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(day))};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string Link(const std::string& href, const std::string& text) {
  return "<a href=\"" + HtmlEscape(href) + "\">" + HtmlEscape(text) + "</a>";
}

std::string Numbers(const rules::InventoryRow& r) {
  auto item = [](const std::string& term, const std::string& value) {
    return "<div><dt>" + term + "</dt><dd>" + value + "</dd></div>";
  };
  return "<dl class=\"numbers\">" +
         item("Episodes", Num(r.episodes) + " <span class=\"delta\">(" +
                              Signed(r.episodes - r.previous_episodes) + " vs " +
                              Num(r.previous_episodes) + " the week before)</span>") +
         item("Instances", Num(r.instances)) +
         item("Firing", HtmlEscape(FormatDuration(r.firing))) +
         item("Median", HtmlEscape(FormatDuration(r.median))) +
         item("p90", HtmlEscape(FormatDuration(r.p90))) + item("Acks", Num(r.acks)) +
         item("Severity", HtmlEscape(r.severity.empty() ? "—" : r.severity)) +
         item("Team", HtmlEscape(r.team.empty() ? "—" : r.team)) + "</dl>\n";
}

// A finding's evidence: its scalar numbers and texts (examples are on the rule page).
std::string Evidence(const nlohmann::json& evidence) {
  if (!evidence.is_object()) return "";
  std::string out;
  for (const auto& [key, value] : evidence.items()) {
    if (value.is_structured()) continue;
    out += "<div><dt>" + HtmlEscape(key) + "</dt><dd>" +
           HtmlEscape(value.is_string() ? value.get<std::string>() : value.dump()) + "</dd></div>";
  }
  return out.empty() ? "" : "<dl class=\"evidence\">" + out + "</dl>";
}

std::string Replay(const rules::Replay& r) {
  return "<table class=\"replay\"><caption>Replay of <code>" + HtmlEscape(r.change) +
         "</code> over the week</caption><thead><tr><th></th><th class=\"n\">Now</th>"
         "<th class=\"n\">With the change</th></tr></thead><tbody><tr><th>Episodes</th>"
         "<td class=\"n\">" +
         Num(r.episodes_before) + "</td><td class=\"n\">" + Num(r.episodes_after) +
         "</td></tr><tr><th>Notifications</th><td class=\"n\">" + Num(r.notifications_before) +
         "</td><td class=\"n\">" + Num(r.notifications_after) +
         "</td></tr><tr><th>Acked episodes</th><td class=\"n\">" + Num(r.acked_episodes) +
         "</td><td class=\"n\">" + Num(r.acked_episodes - r.acked_episodes_lost) +
         "</td></tr></tbody></table>\n";
}

std::string Findings(const rules::AgendaItem& item) {
  if (item.problems.empty()) return "<p>No suggestion for this rule this week.</p>\n";
  std::string out;
  for (const rules::Problem& p : item.problems) {
    const char* severity = rules::SeverityName(p.severity);
    out += "<div class=\"finding\"><p><span class=\"sev " + std::string(severity) + "\">" +
           severity + "</span> <code>" + HtmlEscape(p.check) + "</code> — " +
           HtmlEscape(p.summary) + "</p>" + Evidence(p.evidence);
    if (!p.fix.text.empty()) out += "<p class=\"fix\">Fix: " + HtmlEscape(p.fix.text) + "</p>";
    if (!p.fix.yaml.empty()) out += "<pre>" + HtmlEscape(p.fix.yaml) + "</pre>";
    if (p.fix.replay) out += Replay(*p.fix.replay);
    out += "</div>\n";
  }
  return out;
}

std::string Charts(const ReviewPage& page, const rules::AgendaItem& item, const std::string& id) {
  std::vector<std::string> days;
  for (size_t i = 0; i < item.daily_starts.size(); ++i) {
    days.push_back(DayLabel(page.first_day + static_cast<int64_t>(i)));
  }
  std::vector<int64_t> durations(item.duration_counts.begin(), item.duration_counts.end());
  std::vector<Duration> bounds(rules::kDurationBucketBounds.begin(),
                               rules::kDurationBucketBounds.end());
  std::vector<std::string> labels;
  for (Duration b : bounds) labels.push_back("≤" + FormatDuration(b));
  labels.push_back(">" + FormatDuration(bounds.back()));
  std::string legend;
  if (item.current_for)
    legend += " Solid line: current for: " + FormatDuration(*item.current_for) + ".";
  if (item.proposed_for) {
    legend += " Dashed line: proposed for: " + FormatDuration(*item.proposed_for) + ".";
  }
  return "<div class=\"charts\">\n" +
         SparklineChart(id + "-sparkline",
                        "Episodes started per day, " + Num(static_cast<int64_t>(days.size())) +
                            " days up to this week's end",
                        item.daily_starts, days) +
         HeatMapChart(id + "-heatmap",
                      "Episodes started this week by weekday and hour (local time)",
                      item.weekday_hour) +
         HistogramChart(id + "-durations", "Episode lengths this week." + legend, durations, labels,
                        bounds, item.current_for, item.proposed_for) +
         "</div>\n";
}

// A partner on this week's agenda links to its section; any other is named only (there is no
// rule page yet).
std::string PartnerName(const ReviewPage& page, const std::string& rule) {
  for (size_t i = 0; i < page.agenda.size(); ++i) {
    if (page.agenda[i].row.rule == rule) {
      return Link("#rule-" + Num(static_cast<int64_t>(i + 1)), rule);
    }
  }
  return HtmlEscape(rule);
}

std::string Partners(const ReviewPage& page, const rules::AgendaItem& item) {
  if (item.partners.empty()) return "<p>Fires alone.</p>\n";
  std::string out = "<ul class=\"partners\">";
  for (const auto& [rule, n] : item.partners) {
    out += "<li>" + PartnerName(page, rule) + ": with " + Num(n) + " of its " +
           Num(item.row.started) + " episodes</li>";
  }
  return out + "</ul>\n";
}

std::string Definition(const rules::AgendaItem& item) {
  if (!item.definition) return "<p>No definition known (seen in alerts only).</p>\n";
  const rules::RuleDefinition& d = item.definition->definition;
  std::string out = "<pre class=\"expr\">" + HtmlEscape(d.expr) +
                    "</pre><p>for: " + HtmlEscape(FormatDuration(d.for_duration));
  if (d.keep_firing_for.count() > 0) {
    out += " · keep_firing_for: " + HtmlEscape(FormatDuration(d.keep_firing_for));
  }
  if (!d.file.empty()) out += " · " + HtmlEscape(d.file) + ":" + Num(d.line);
  return out + "</p>\n";
}

std::string History(const rules::AgendaItem& item) {
  std::string out;
  if (item.decisions.empty()) {
    out += "<p>No decision recorded yet.</p>\n";
  } else {
    out += "<ol class=\"decisions\">";
    for (const rules::Decision& d : item.decisions) {
      out += "<li><b>" + HtmlEscape(rules::DecisionActionName(d.action)) + "</b> by " +
             HtmlEscape(d.author) + " on " + HtmlEscape(FormatRfc3339(d.at).substr(0, 10)) +
             (d.note.empty() ? "" : ": " + HtmlEscape(d.note)) + "</li>";
    }
    out += "</ol>\n";
  }
  if (!item.acks.empty()) {
    out += "<p>Acks this week: ";
    for (size_t i = 0; i < item.acks.size(); ++i) {
      const rules::Ack& a = item.acks[i];
      out += (i ? "; " : "") + HtmlEscape(a.user) +
             (a.note.empty() ? "" : " (" + HtmlEscape(a.note) + ")");
    }
    out += "</p>\n";
  }
  return out;
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
         HtmlEscape(item.row.source) + "</small></h2>\n" + Numbers(item.row) +
         "<h3>Suggestion</h3>\n" + Findings(item) + "<h3>Charts</h3>\n" + Charts(page, item, id) +
         "<h3>Fires together with</h3>\n" + Partners(page, item) + "<h3>Definition</h3>\n" +
         Definition(item) + "<h3>Decisions</h3>\n" + History(item) + RecordForm(page, item, id) +
         "<p class=\"more\"><a href=\"#agenda\">Back to the agenda</a></p>\n"
         "</section>\n";
}

}  // namespace

std::string RenderReviewHtml(const ReviewPage& page) {
  const std::string title = "Alert review meeting — week " + page.week;
  std::string body =
      "<header>\n" + RenderWeekHeading(title, page, {{page.report_href, "Printable report"}});
  body +=
      "</header>\n<main>\n<nav id=\"agenda\" aria-labelledby=\"agenda-h\">"
      "<h2 id=\"agenda-h\">Agenda</h2>\n";
  if (page.agenda.empty()) {
    body += "<p>Nothing fired and nothing to suggest this week.</p>\n";
  } else {
    body += "<ol>";
    for (size_t i = 0; i < page.agenda.size(); ++i) {
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
  }
  body += "</nav>\n";
  for (size_t i = 0; i < page.agenda.size(); ++i) body += RuleSection(page, page.agenda[i], i);
  body += "</main>\n";
  return RenderDocument(title, body);
}

}  // namespace nagame::bot::report

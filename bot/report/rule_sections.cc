// The rule section's shared parts: numbers, findings, charts, partners, definition, history.
#include "bot/report/rule_sections.h"

#include <chrono>
#include <cstdio>

#include "bot/html_escape.h"
#include "bot/http/query.h"
#include "bot/report/svg_charts.h"
#include "rules/problem.h"
#include "rules/review_records.h"

namespace nagame::bot::report {
namespace {

std::string Num(int64_t v) { return std::to_string(v); }

std::string Signed(int64_t v) { return v > 0 ? "+" + Num(v) : v == 0 ? "±0" : Num(v); }

std::string Link(const std::string& href, const std::string& text) {
  return "<a href=\"" + HtmlEscape(href) + "\">" + HtmlEscape(text) + "</a>";
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
         "</code> over the week</caption><thead><tr><th>Measure</th><th class=\"n\">Now</th>"
         "<th class=\"n\">With the change</th></tr></thead><tbody><tr><th>Episodes</th>"
         "<td class=\"n\">" +
         Num(r.episodes_before) + "</td><td class=\"n\">" + Num(r.episodes_after) +
         "</td></tr><tr><th>Notifications</th><td class=\"n\">" + Num(r.notifications_before) +
         "</td><td class=\"n\">" + Num(r.notifications_after) +
         "</td></tr><tr><th>Acked episodes</th><td class=\"n\">" + Num(r.acked_episodes) +
         "</td><td class=\"n\">" + Num(r.acked_episodes - r.acked_episodes_lost) +
         "</td></tr></tbody></table>\n";
}

}  // namespace

std::string RuleHref(std::string_view rule) { return "/rules/" + http::PercentEncode(rule); }

std::string DayLabel(int64_t day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(day))};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string RuleNumbers(const rules::InventoryRow& r) {
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

std::string RuleFindings(const rules::AgendaItem& item) {
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

std::string RuleCharts(const rules::AgendaItem& item, int64_t first_day, const std::string& id) {
  std::vector<std::string> days;
  for (size_t i = 0; i < item.daily_starts.size(); ++i) {
    days.push_back(DayLabel(first_day + static_cast<int64_t>(i)));
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

std::string RuleDefinition(const rules::AgendaItem& item) {
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

std::string RuleHistory(const rules::AgendaItem& item) {
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

std::string RulePartners(const rules::AgendaItem& item,
                         const std::function<std::string(const std::string&)>& partner_href) {
  if (item.partners.empty()) return "<p>Fires alone.</p>\n";
  std::string out = "<ul class=\"partners\">";
  for (const auto& [rule, n] : item.partners) {
    out += "<li>" + Link(partner_href(rule), rule) + ": with " + Num(n) + " of its " +
           Num(item.row.started) + " episodes</li>";
  }
  return out + "</ul>\n";
}

}  // namespace nagame::bot::report

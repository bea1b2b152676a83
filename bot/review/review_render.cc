// Table, JSON and Markdown renderings of the inventory and the suggestions.
#include "bot/review/review_render.h"

#include <cmath>
#include <sstream>

#include "bot/review/review_json.h"
#include "bot/review/text_table.h"

namespace nagame::bot {
namespace {

std::string Title(const char* what, const rules::Window& w, std::string_view zone_name) {
  return std::string(what) + " " + FormatRfc3339(w.from) + " to " + FormatRfc3339(w.to) +
         " (zone " + std::string(zone_name) + ")";
}

std::string Signed(int64_t n) { return (n > 0 ? "+" : "") + std::to_string(n); }

std::string Dur(Duration d) { return d == Duration::zero() ? "0s" : FormatDuration(d); }

std::string Joined(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string Or(const std::string& s, const char* fallback) { return s.empty() ? fallback : s; }

// "3/40 3–17%": labelled actionable of labelled, and the 90% interval; "-" with no labels.
std::string Actionable(const rules::Proportion& p) {
  if (p.n == 0) return "-";
  return std::to_string(p.hits) + "/" + std::to_string(p.n) + " " + rules::FormatInterval(p);
}

TextTable InventoryTable(const rules::Inventory& inv) {
  TextTable t;
  t.header = {"RULE",    "SOURCE",    "SEVERITY",   "TEAM",     "EPISODES",
              "CHANGE",  "INSTANCES", "FIRING",     "MEDIAN",   "P90",
              "REFIRES", "ACKS",      "ACTIONABLE", "DECISION", "CHECKS"};
  t.right_aligned = {false, false, false, false, true, true,  true, true,
                     true,  true,  true,  true,  true, false, false};
  for (const rules::InventoryRow& r : inv.rows) {
    std::string decision = "-";
    if (r.last_decision) {
      decision = std::string(rules::DecisionActionName(r.last_decision->action)) + " " +
                 FormatRfc3339(r.last_decision->at).substr(0, 10);
    }
    t.rows.push_back({r.rule, r.source, Or(r.severity, "-"), Or(r.team, "-"),
                      std::to_string(r.episodes), Signed(r.delta_episodes),
                      std::to_string(r.instances), Dur(r.firing), Dur(r.median), Dur(r.p90),
                      std::to_string(r.refires), std::to_string(r.acks), Actionable(r.actionable),
                      decision, Or(Joined(r.checks, ", "), "-")});
  }
  return t;
}

std::string ReplayLine(const rules::Replay& r) {
  std::ostringstream s;
  s << r.change << ": episodes " << r.episodes_before << " -> " << r.episodes_after
    << ", notifications " << r.notifications_before << " -> " << r.notifications_after
    << ", acked episodes lost " << r.acked_episodes_lost << " of " << r.acked_episodes;
  if (r.detection_delay > Duration::zero())
    s << ", detection " << FormatDuration(r.detection_delay) << " later";
  return s.str();
}

std::string Subject(const rules::Problem& p) {
  if (p.rule.empty()) return p.source.empty() ? "-" : p.source;
  return p.source.empty() ? p.rule : p.source + "/" + p.rule;
}

std::string Indented(const std::string& text, const std::string& prefix) {
  std::string out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out += prefix + line + "\n";
  return out;
}

std::string SuggestionsPlain(const rules::Window& w, const rules::CheckReport& report,
                             std::string_view zone) {
  std::string out =
      Title("Suggestions", w, zone) + ": " + std::to_string(report.problems.size()) + " found\n";
  for (const rules::Problem& p : report.problems) {
    out += "\n[" + std::string(rules::SeverityName(p.severity)) + "] " + p.check + "  " +
           Subject(p) + "\n";
    out += "  " + p.summary + "\n";
    if (!p.fix.text.empty()) out += "  fix: " + p.fix.text + "\n";
    if (!p.fix.yaml.empty()) out += Indented(p.fix.yaml, "    ");
    if (p.fix.replay) out += "  replay: " + ReplayLine(*p.fix.replay) + "\n";
  }
  if (!report.unable.empty()) {
    out += "\nUnable to run:\n";
    for (const rules::UnableToRun& u : report.unable)
      out += "  " + u.check + ": " + u.reason + "\n";
  }
  return out;
}

std::string SuggestionsMarkdown(const rules::Window& w, const rules::CheckReport& report,
                                std::string_view zone) {
  std::string out = "# " + Title("Suggestions", w, zone) + "\n";
  if (report.problems.empty()) out += "\nNo suggestions.\n";
  std::string category;
  for (const rules::Problem& p : report.problems) {
    if (category != rules::CategoryName(p.category)) {
      category = rules::CategoryName(p.category);
      out += "\n## " + category + "\n\n";
    }
    out += "- **" + p.check + "** `" + Subject(p) + "` (" + rules::SeverityName(p.severity) +
           "): " + p.summary + "\n";
    if (!p.fix.text.empty()) out += "  - fix: " + p.fix.text + "\n";
    if (p.fix.replay) out += "  - replay: " + ReplayLine(*p.fix.replay) + "\n";
    if (!p.fix.yaml.empty()) out += "\n  ```yaml\n" + Indented(p.fix.yaml, "  ") + "  ```\n";
  }
  if (!report.unable.empty()) {
    out += "\n## Unable to run\n\n";
    for (const rules::UnableToRun& u : report.unable)
      out += "- `" + u.check + "`: " + u.reason + "\n";
  }
  return out;
}

}  // namespace

Result<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "table") return OutputFormat::kTable;
  if (name == "json") return OutputFormat::kJson;
  if (name == "markdown") return OutputFormat::kMarkdown;
  return InvalidArgument("must be table, json or markdown", "format");
}

std::string RenderInventory(const rules::Inventory& inv, OutputFormat format,
                            std::string_view zone_name) {
  switch (format) {
    case OutputFormat::kJson:
      return rules::ToJson(inv).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
             "\n";
    case OutputFormat::kMarkdown:
      return "# " + Title("Inventory", inv.window, zone_name) + "\n\n" +
             RenderMarkdownTable(InventoryTable(inv));
    case OutputFormat::kTable:
      break;
  }
  return Title("Inventory", inv.window, zone_name) + ": " + std::to_string(inv.rows.size()) +
         " rules\n\n" + RenderPlain(InventoryTable(inv));
}

std::string RenderSuggestions(const rules::Window& window, const rules::CheckReport& report,
                              OutputFormat format, std::string_view zone_name) {
  switch (format) {
    case OutputFormat::kJson:
      return SuggestionsJson(window, report)
                 .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
             "\n";
    case OutputFormat::kMarkdown:
      return SuggestionsMarkdown(window, report, zone_name);
    case OutputFormat::kTable:
      break;
  }
  return SuggestionsPlain(window, report, zone_name);
}

}  // namespace nagame::bot

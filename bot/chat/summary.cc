// The weekly summary's content.
#include "bot/chat/summary.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>

#include "bot/chat/finding_text.h"
#include "bot/review/review_service.h"
#include "bot/review/window_spec.h"

namespace nagame::bot::chat {
namespace {

using rules::Category;

const std::set<std::string> kPageSeverities = {"critical", "page"};

// "(last week 264, −20%)"
std::string VersusLastWeek(int64_t now, int64_t before) {
  std::string out = "(last week " + std::to_string(before);
  if (before > 0) {
    const long pct = std::lround(100.0 * static_cast<double>(now - before) / before);
    out += ", " + std::string(pct < 0 ? "−" : "+") + std::to_string(std::labs(pct)) + "%";
  }
  return out + ")";
}

Section Totals(const rules::Inventory& inv) {
  int64_t episodes = 0, before = 0, pages = 0, pages_before = 0, rules_fired = 0;
  for (const rules::InventoryRow& r : inv.rows) {
    episodes += r.episodes;
    before += r.previous_episodes;
    rules_fired += r.episodes > 0 ? 1 : 0;
    if (kPageSeverities.count(r.severity)) {
      pages += r.episodes;
      pages_before += r.previous_episodes;
    }
  }
  return {.lines = {std::to_string(episodes) + " episodes from " + std::to_string(rules_fired) +
                    " rules " + VersusLastWeek(episodes, before) + " · " + std::to_string(pages) +
                    " pages " + VersusLastWeek(pages, pages_before)}};
}

// A section listing the report's findings of `category`, at most `max` of them.
Section FindingsOf(const rules::CheckReport& report, Category category, const char* heading,
                   size_t max) {
  Section s;
  size_t total = 0;
  for (const rules::Problem& p : report.problems) {
    if (p.category != category) continue;
    ++total;
    if (s.lines.size() >= max) continue;
    s.lines.push_back(ProblemLine(p));
  }
  s.heading = std::string(heading) + " (" + std::to_string(total) + ")";
  if (total > s.lines.size()) {
    s.lines.push_back("… and " + std::to_string(total - s.lines.size()) + " more");
  }
  return s;
}

// Watch changes, and rules whose episodes halved or doubled (from at least 5).
Section Changes(const rules::CheckReport& report, const rules::Inventory& inv, size_t max) {
  Section s = FindingsOf(report, Category::kWatch, "Changes to discuss", max);
  s.lines.erase(std::remove_if(s.lines.begin(), s.lines.end(),
                               [](const std::string& l) { return l.rfind("… and", 0) == 0; }),
                s.lines.end());
  for (const rules::InventoryRow& r : inv.rows) {
    if (s.lines.size() >= max) break;
    const int64_t a = r.previous_episodes, b = r.episodes;
    if (std::max(a, b) < 5 || (b * 2 > a && b < a * 2)) continue;
    s.lines.push_back(r.rule + ": " + std::to_string(a) + " → " + std::to_string(b) +
                      " episodes — " + (b < a ? "improvement" : "worse"));
  }
  s.heading = "Changes to discuss";
  if (s.lines.empty()) s.lines.push_back("Nothing moved much.");
  return s;
}

// What happened to a rule after a decision, from this week's inventory.
std::string Outcome(const rules::Decision& d, const rules::Inventory& inv) {
  const rules::InventoryRow* row = nullptr;
  for (const rules::InventoryRow& r : inv.rows) {
    if (r.rule == d.rule) row = row ? row : &r;
  }
  const int64_t since = row ? row->episodes : 0, was = row ? row->previous_episodes : 0;
  std::string out =
      "fired " + std::to_string(since) + " times since (was " + std::to_string(was) + ").";
  if (d.action == rules::DecisionAction::kDelete || d.action == rules::DecisionAction::kTune) {
    out += since == 0 ? " Done." : since < was ? " Improved." : " Not improved yet.";
  }
  return out;
}

Section Decisions(const std::vector<rules::Decision>& decisions, const rules::Inventory& inv,
                  const Zone& zone, size_t max) {
  Section s;
  s.heading = "Last week's decisions";
  for (const rules::Decision& d : decisions) {
    if (s.lines.size() >= max * 2) break;
    s.lines.push_back(d.rule + " — " + rules::DecisionActionName(d.action) + " (" +
                      LocalMonthDay(d.at, zone) + ", " + d.author + "): " + Outcome(d, inv));
  }
  if (s.lines.empty()) s.lines.push_back("No decisions were recorded last week.");
  return s;
}

}  // namespace

rules::Window SummaryWeek(Time now, const Zone& zone) {
  const int64_t today = zone.LocalDay(now);
  const unsigned weekday =
      std::chrono::weekday(std::chrono::sys_days(std::chrono::days(today))).iso_encoding();
  const int64_t monday = today - (weekday - 1);
  return {zone.LocalMidnight(monday - 7), zone.LocalMidnight(monday)};
}

Result<Answer> BuildWeeklySummary(ReviewService& review, const rules::Window& week,
                                  const SummaryOptions& options) {
  NAGAME_ASSIGN_OR_RETURN(WindowReview both, review.Review(week));
  const rules::Inventory& inv = both.inventory;
  const rules::CheckReport& report = both.report;
  NAGAME_ASSIGN_OR_RETURN(std::vector<rules::Decision> decisions,
                          review.Decisions(week.Previous()));
  const std::string iso = IsoWeekName(week.from, review.zone());
  const size_t max = options.max_per_section;
  Answer a;
  a.title = "Alert review — week " + iso + " (" + WindowLabel(week, review.zone()) + ")";
  a.in_channel = true;
  a.sections.push_back(Totals(inv));
  a.sections.push_back(FindingsOf(report, Category::kNoisy, "Noisy", max));
  a.sections.push_back(FindingsOf(report, Category::kStale, "Stale", max));
  a.sections.push_back(FindingsOf(report, Category::kMissing, "Missing", max));
  a.sections.push_back(Changes(report, inv, max));
  a.sections.push_back(Decisions(decisions, inv, review.zone(), max));
  // Decision buttons for the noisiest rules, so the meeting can record as it talks.
  std::set<std::string> buttoned;
  for (const rules::Problem& p : report.problems) {
    if (p.category != Category::kNoisy || p.rule.empty() || buttoned.count(p.rule)) continue;
    if (buttoned.size() >= options.max_buttons) break;
    buttoned.insert(p.rule);
    Section s;
    s.heading = "Decide on " + p.rule;
    for (const char* action : {"keep", "tune", "delete", "ticket"}) {
      std::string label = action;
      label[0] = static_cast<char>(std::toupper(label[0]));
      s.buttons.push_back(
          {label, std::string("decide:") + action, p.rule,
           std::string(action) == "delete" ? Button::Style::kDanger : Button::Style::kDefault});
    }
    a.sections.push_back(std::move(s));
  }
  if (!options.public_url.empty()) {
    a.link = options.public_url + "/report/" + iso;
    a.link_label = "Full report";
  }
  return a;
}

}  // namespace nagame::bot::chat

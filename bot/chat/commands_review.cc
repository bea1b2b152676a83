// The read commands: inventory, top, noisy, stale, missing, rule. Each asks ReviewService
// (the same code path as the JSON API) and only formats what it returns.
#include <algorithm>
#include <charconv>

#include "bot/chat/command_runs.h"
#include "bot/chat/finding_text.h"
#include "bot/review/review_service.h"
#include "bot/review/window_spec.h"

namespace nagame::bot::chat::internal {
namespace {

// Lines a listing shows before pointing at the web report.
constexpr size_t kMaxListed = 25;

// Appends "… and N more" when `total` exceeds what `section` lists.
void NoteMore(Section* section, size_t total, const CommandEnv& env) {
  if (total <= section->lines.size()) return;
  std::string more = "… and " + std::to_string(total - section->lines.size()) + " more";
  if (!env.public_url.empty()) more += " in the web report";
  section->lines.push_back(std::move(more));
}

Result<rules::Window> WindowArg(const ParsedArgs& args, size_t i, CommandEnv& env) {
  return env.review->ParseWindowSpec(i < args.words.size() ? args.words[i] : "");
}

std::string Title(std::string what, const rules::Window& window, CommandEnv& env) {
  return what + " — " + WindowLabel(window, env.review->zone());
}

Answer Findings(rules::Category category, const char* name, const char* heading, CommandEnv& env) {
  auto window = env.review->ParseWindowSpec("");
  if (!window.ok()) return ErrorAnswer(window.status(), name);
  auto report = env.review->Suggestions(*window, category);
  if (!report.ok()) return ErrorAnswer(report.status(), name);
  Answer a;
  a.title = Title(heading, *window, env);
  Section found;
  found.heading = std::to_string(report->problems.size()) + " finding" +
                  (report->problems.size() == 1 ? "" : "s");
  // Renderers leave out a heading with nothing under it: say so under it.
  if (report->problems.empty()) found.lines.push_back("None in this window.");
  for (const rules::Problem& p : report->problems) {
    if (found.lines.size() >= kMaxListed) break;
    found.lines.push_back(ProblemLine(p));
  }
  NoteMore(&found, report->problems.size(), env);
  a.sections.push_back(std::move(found));
  Section unable;
  unable.heading = "Could not run";
  for (const rules::UnableToRun& u : report->unable) {
    const rules::Check* check = rules::FindCheck(u.check);
    if (check != nullptr && check->category() != category) continue;
    unable.lines.push_back(u.check + ": " + u.reason);
  }
  if (!unable.lines.empty()) a.sections.push_back(std::move(unable));
  a.link = ReportLink(env);
  a.link_label = a.link.empty() ? "" : "Web report";
  return a;
}

// Buttons recording feedback and decisions on `rule`.
std::vector<Button> RuleButtons(const std::string& rule) {
  using S = Button::Style;
  return {{"Actionable", "feedback:actionable", rule, S::kPrimary},
          {"Noise", "feedback:noise", rule, S::kDefault},
          {"Duplicate", "feedback:duplicate", rule, S::kDefault},
          {"Keep", "decide:keep", rule, S::kDefault},
          {"Tune", "decide:tune", rule, S::kDefault},
          {"Delete", "decide:delete", rule, S::kDanger},
          {"Ticket", "decide:ticket", rule, S::kDefault}};
}

}  // namespace

Answer RunInventory(const ParsedArgs& args, const Invocation&, CommandEnv& env) {
  auto window = WindowArg(args, 0, env);
  if (!window.ok()) return ErrorAnswer(window.status(), "inventory");
  auto inventory = env.review->Inventory(*window);
  if (!inventory.ok()) return ErrorAnswer(inventory.status(), "inventory");
  int64_t episodes = 0, before = 0;
  for (const rules::InventoryRow& r : inventory->rows) {
    episodes += r.episodes;
    before += r.previous_episodes;
  }
  Answer a;
  a.title = Title("Inventory", *window, env);
  Section rows;
  rows.heading =
      std::to_string(inventory->rows.size()) + " rules · " + EpisodesVersus(episodes, before);
  for (const rules::InventoryRow& r : inventory->rows) {
    if (rows.lines.size() >= kMaxListed) break;
    rows.lines.push_back(InventoryLine(r));
  }
  NoteMore(&rows, inventory->rows.size(), env);
  a.sections.push_back(std::move(rows));
  a.link = ReportLink(env);
  a.link_label = a.link.empty() ? "" : "Web report";
  return a;
}

Answer RunTop(const ParsedArgs& args, const Invocation&, CommandEnv& env) {
  size_t n = 5;
  if (!args.words.empty()) {
    const std::string& w = args.words[0];
    auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), n);
    if (ec != std::errc() || end != w.data() + w.size() || n < 1 || n > kMaxListed) {
      return Say("Usage: " + env.command_name + " top [N]",
                 "N is a number from 1 to " + std::to_string(kMaxListed) + ".");
    }
  }
  auto window = env.review->ParseWindowSpec("");
  if (!window.ok()) return ErrorAnswer(window.status(), "top");
  auto inventory = env.review->Inventory(*window);
  if (!inventory.ok()) return ErrorAnswer(inventory.status(), "top");
  Answer a;
  a.title = Title("Top " + std::to_string(n) + " rules by episodes", *window, env);
  Section top;
  for (const rules::InventoryRow& r : inventory->rows) {  // most episodes first
    if (top.lines.size() >= n || r.episodes == 0) break;
    top.lines.push_back(std::to_string(top.lines.size() + 1) + ". " + InventoryLine(r));
  }
  if (top.lines.empty()) top.lines.push_back("No rule fired in this window.");
  a.sections.push_back(std::move(top));
  a.link = ReportLink(env);
  a.link_label = a.link.empty() ? "" : "Web report";
  return a;
}

Answer RunNoisy(const ParsedArgs&, const Invocation&, CommandEnv& env) {
  return Findings(rules::Category::kNoisy, "noisy", "Noisy rules", env);
}

Answer RunStale(const ParsedArgs&, const Invocation&, CommandEnv& env) {
  return Findings(rules::Category::kStale, "stale", "Stale rules", env);
}

Answer RunMissing(const ParsedArgs&, const Invocation&, CommandEnv& env) {
  return Findings(rules::Category::kMissing, "missing", "Missing alerts", env);
}

Answer RunRule(const ParsedArgs& args, const Invocation&, CommandEnv& env) {
  const std::string& name = args.words[0];
  auto window = env.review->ParseWindowSpec("");
  if (!window.ok()) return ErrorAnswer(window.status(), "rule");
  auto detail = env.review->Rule(name, *window);
  if (!detail.ok() && detail.status().code() == Code::kNotFound) {
    return UnknownRuleAnswer(name, env);
  }
  if (!detail.ok()) return ErrorAnswer(detail.status(), "rule");
  Answer a;
  a.title = Title(detail->name, *window, env);
  Section volume;
  for (const rules::InventoryRow& r : detail->rows) volume.lines.push_back(InventoryLine(r));
  if (volume.lines.empty()) volume.lines.push_back("No episodes in this window.");
  if (!detail->decisions.empty()) {
    const rules::Decision& d = detail->decisions.back();
    volume.lines.push_back("Last decision: " + std::string(rules::DecisionActionName(d.action)) +
                           " (" + LocalMonthDay(d.at, env.review->zone()) + ", " + d.author +
                           (d.note.empty() ? "" : ": " + d.note) + ")");
  }
  a.sections.push_back(std::move(volume));
  if (!detail->problems.empty()) {
    Section findings;
    findings.heading = "Checks";
    for (const rules::Problem& p : detail->problems) {
      findings.lines.push_back(p.check + ": " +
                               ProblemLine(rules::Problem{.summary = p.summary, .fix = p.fix}));
    }
    a.sections.push_back(std::move(findings));
  }
  if (!detail->definitions.empty()) {
    Section defined;
    defined.heading = "Definition";
    for (const rules::DefinedRule& d : detail->definitions) {
      std::string where = d.definition.file.empty()
                              ? d.source
                              : d.definition.file + ":" + std::to_string(d.definition.line);
      std::string line = "Defined in " + where + " · expr: " + d.definition.expr;
      if (d.definition.for_duration.count() > 0) {
        line += " · for: " + FormatDuration(d.definition.for_duration);
      }
      defined.lines.push_back(std::move(line));
    }
    a.sections.push_back(std::move(defined));
  }
  Section record;
  record.heading = "Record";
  record.lines.push_back("Or type: " + env.command_name + " decide " + detail->name +
                         " keep|tune|delete|ticket [note]");
  record.buttons = RuleButtons(detail->name);
  a.sections.push_back(std::move(record));
  a.link = ReportLink(env, "/api/v1/rules/" + detail->name);
  a.link_label = a.link.empty() ? "" : "Details";
  return a;
}

}  // namespace nagame::bot::chat::internal

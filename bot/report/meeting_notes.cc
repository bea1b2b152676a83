// RenderMeetingNotesMarkdown.
#include "bot/report/meeting_notes.h"

#include <set>

#include "bot/review/text_table.h"

namespace nagame::bot::report {
namespace {

// A section: its heading, then the table or `none` when it has no rows.
std::string Section(const std::string& heading, const TextTable& table, const char* none) {
  return "## " + heading + "\n\n" +
         (table.rows.empty() ? std::string(none) + "\n" : RenderMarkdownTable(table)) + "\n";
}

}  // namespace

std::string RenderMeetingNotesMarkdown(const MeetingNotes& notes) {
  std::set<std::string> attendees;
  TextTable decisions{.header = {"Rule", "Decision", "Owner", "Note"}};
  TextTable tickets{.header = {"Rule", "Owner", "Note"}};
  for (const rules::Decision& d : notes.decisions) {
    attendees.insert(d.author);
    decisions.rows.push_back({d.rule, rules::DecisionActionName(d.action), d.author, d.note});
    if (d.action == rules::DecisionAction::kTicket)
      tickets.rows.push_back({d.rule, d.author, d.note});
  }
  TextTable incidents{.header = {"Finding", "Fix"}};
  TextTable watch{.header = {"Check", "Finding", "Fix"}};
  for (const rules::Problem& p : notes.findings) {
    if (p.check == "missing/uncaught-incident") incidents.rows.push_back({p.summary, p.fix.text});
    if (p.category == rules::Category::kWatch)
      watch.rows.push_back({p.check, p.summary, p.fix.text});
  }
  std::string who;
  for (const std::string& a : attendees) who += (who.empty() ? "" : ", ") + a;
  return "# Alert review — week " + notes.week + "\n\n" + notes.window_label + "\n\n" +
         "**Attendees** (who recorded a decision): " + (who.empty() ? "none recorded" : who) +
         "\n\n" + Section("Decisions", decisions, "No decision recorded this week.") +
         Section("Tickets to follow up", tickets, "No ticket.") +
         Section("Incidents no alert caught", incidents, "None.") +
         Section("Watch charts", watch, "No change or trend found.");
}

}  // namespace nagame::bot::report

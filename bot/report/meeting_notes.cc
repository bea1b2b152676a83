// RenderMeetingNotesMarkdown and RenderMeetingNotesConfluence over one set of tables.
#include "bot/report/meeting_notes.h"

#include <set>

#include "bot/html_escape.h"
#include "bot/review/text_table.h"

namespace nagame::bot::report {
namespace {

struct NotesSection {
  std::string heading;
  TextTable table;
  const char* none;  // said instead of an empty table
};

// What both renderings show: the attendees and the four sections.
struct NotesContent {
  std::string attendees;  // "ana, bo" or ""
  std::vector<NotesSection> sections;
};

NotesContent Content(const MeetingNotes& notes) {
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
  NotesContent out;
  for (const std::string& a : attendees) out.attendees += (out.attendees.empty() ? "" : ", ") + a;
  out.sections = {{"Decisions", std::move(decisions), "No decision recorded this week."},
                  {"Tickets to follow up", std::move(tickets), "No ticket."},
                  {"Incidents no alert caught", std::move(incidents), "None."},
                  {"Watch charts", std::move(watch), "No change or trend found."}};
  return out;
}

constexpr char kTitle[] = "Alert review — week ";
constexpr char kAttendees[] = "Attendees";
constexpr char kAttendeesWhat[] = " (who recorded a decision): ";
constexpr char kNoAttendees[] = "none recorded";

}  // namespace

std::string RenderMeetingNotesMarkdown(const MeetingNotes& notes) {
  const NotesContent c = Content(notes);
  std::string out = "# " + std::string(kTitle) + notes.week + "\n\n" + notes.window_label +
                    "\n\n**" + kAttendees + "**" + kAttendeesWhat +
                    (c.attendees.empty() ? kNoAttendees : c.attendees) + "\n\n";
  for (const NotesSection& s : c.sections) {
    out += "## " + s.heading + "\n\n" +
           (s.table.rows.empty() ? std::string(s.none) + "\n" : RenderMarkdownTable(s.table)) +
           "\n";
  }
  return out;
}

std::string RenderMeetingNotesConfluence(const MeetingNotes& notes) {
  const NotesContent c = Content(notes);
  auto esc = [](const std::string& text) { return HtmlEscape(text); };
  std::string out = "<h1>" + esc(kTitle + notes.week) + "</h1>\n<p>" + esc(notes.window_label) +
                    "</p>\n<p><strong>" + kAttendees + "</strong>" + esc(kAttendeesWhat) +
                    esc(c.attendees.empty() ? kNoAttendees : c.attendees) + "</p>\n";
  for (const NotesSection& s : c.sections) {
    out += "<h2>" + esc(s.heading) + "</h2>\n";
    if (s.table.rows.empty()) {
      out += "<p>" + esc(s.none) + "</p>\n";
      continue;
    }
    out += "<table><tbody>\n<tr>";
    for (const std::string& h : s.table.header) out += "<th>" + esc(h) + "</th>";
    out += "</tr>\n";
    for (const auto& row : s.table.rows) {
      out += "<tr>";
      for (const std::string& cell : row) out += "<td>" + esc(cell) + "</td>";
      out += "</tr>\n";
    }
    out += "</tbody></table>\n";
  }
  return out;
}

}  // namespace nagame::bot::report

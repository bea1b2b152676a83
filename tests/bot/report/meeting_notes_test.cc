// The meeting notes in Markdown: golden for a week with decisions, a ticket, an uncaught
// incident and a watch finding; empty sections say so.
#include "bot/report/meeting_notes.h"

#include <gtest/gtest.h>

#include "tests/support/golden.h"

namespace nagame::bot::report {
namespace {

rules::Problem Finding(std::string check, rules::Category category, std::string summary) {
  rules::Problem p;
  p.check = std::move(check);
  p.category = category;
  p.summary = std::move(summary);
  p.fix.text = "look at it";
  return p;
}

MeetingNotes Week47() {
  MeetingNotes notes{.week = "2026-W47", .window_label = "Mon 11-16 → Sun 11-22, UTC"};
  notes.decisions = {
      {.id = 1,
       .rule = "PodRestartsHigh",
       .action = rules::DecisionAction::kTune,
       .note = "for: 5m | then watch",
       .author = "ana"},
      {.id = 2,
       .rule = "DiskWillFillIn4h",
       .action = rules::DecisionAction::kTicket,
       .note = "OPS-12: resize\nvolumes",
       .author = "bo"},
      {.id = 3, .rule = "NodeNotReady", .action = rules::DecisionAction::kKeep, .author = "ana"}};
  notes.findings = {
      Finding("missing/uncaught-incident", rules::Category::kMissing,
              "checkout outage at 11-18 10:00, no alert for checkout"),
      Finding("watch/change", rules::Category::kWatch, "p99 latency up 40% vs last week"),
      Finding("noisy/volume", rules::Category::kNoisy, "63 episodes")};
  return notes;
}

TEST(MeetingNotes, Golden) {
  nagame::testing::ExpectGolden("report/meeting_notes.md", RenderMeetingNotesMarkdown(Week47()));
}

TEST(MeetingNotes, ConfluenceGolden) {
  nagame::testing::ExpectGolden("report/meeting_notes.confluence.xhtml",
                                RenderMeetingNotesConfluence(Week47()));
}

// Confluence's storage format is XHTML: every stored text is escaped, nothing becomes markup.
TEST(MeetingNotes, ConfluenceEscapesEveryText) {
  MeetingNotes notes{.week = "2026-W47", .window_label = "<b>week</b>"};
  notes.decisions = {{.id = 1,
                      .rule = "<ac:structured-macro ac:name=\"html\">",
                      .action = rules::DecisionAction::kTicket,
                      .note = "a & b </td></tr>",
                      .author = "o'brien"}};
  const std::string xhtml = RenderMeetingNotesConfluence(notes);
  EXPECT_EQ(xhtml.find("<ac:"), std::string::npos) << xhtml;
  EXPECT_EQ(xhtml.find("<b>"), std::string::npos) << xhtml;
  EXPECT_NE(xhtml.find("&lt;ac:structured-macro ac:name=&quot;html&quot;&gt;"), std::string::npos);
  EXPECT_NE(xhtml.find("<td>a &amp; b &lt;/td&gt;&lt;/tr&gt;</td>"), std::string::npos);
  EXPECT_NE(xhtml.find("o&#39;brien"), std::string::npos);
  // Two tables (decisions, tickets), each balanced.
  size_t open = 0, close = 0;
  for (size_t at = xhtml.find("<table>"); at != std::string::npos;
       at = xhtml.find("<table>", at + 1))
    ++open;
  for (size_t at = xhtml.find("</table>"); at != std::string::npos;
       at = xhtml.find("</table>", at + 1))
    ++close;
  EXPECT_EQ(open, 2u);
  EXPECT_EQ(close, 2u);
}

TEST(MeetingNotes, EmptyWeekSaysSo) {
  const std::string md = RenderMeetingNotesMarkdown({.week = "2026-W48"});
  EXPECT_NE(md.find("**Attendees** (who recorded a decision): none recorded"), std::string::npos);
  EXPECT_NE(md.find("No decision recorded this week."), std::string::npos);
  EXPECT_NE(md.find("No ticket."), std::string::npos);
}

}  // namespace
}  // namespace nagame::bot::report

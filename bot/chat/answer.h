// The platform-neutral answer of a chat command or the weekly summary: a title, sections of
// one-line findings, label/value fields, buttons and a link. Commands build it; each platform's
// renderer (slack_render, mattermost_render, teams_render) only formats it within that
// platform's limits.
#pragma once

#include <string>
#include <vector>

namespace nagame::bot::chat {

// A button that records something when pressed (Slack interactivity). `action` is
// "<kind>:<choice>", e.g. "feedback:noise" or "decide:tune"; `value` is the rule it is about.
struct Button {
  enum class Style { kDefault, kPrimary, kDanger };
  std::string label;
  std::string action;
  std::string value;
  Style style = Style::kDefault;
};

struct Field {
  std::string label;
  std::string value;
};

// One block of the answer. Text is plain (renderers escape it); `lines` are separate findings.
struct Section {
  std::string heading;  // optional, shown bold
  std::vector<std::string> lines;
  std::vector<Field> fields;
  std::vector<Button> buttons;
};

struct Answer {
  std::string title;
  std::vector<Section> sections;
  std::string link;         // URL of the full report or more detail, or empty
  std::string link_label;   // "Full report"
  bool in_channel = false;  // visible to the whole channel; false: only to the asker
};

// Whether the section has text under its heading (lines or fields): renderers that do not show
// buttons leave a section without it out, heading and all.
bool HasText(const Section& section);

// The answer as plain text (the CLI's rendering and every platform's fallback): the title,
// then per section its heading, "• "-prefixed lines, "label: value" fields, and the link.
// Buttons, and sections holding nothing else, are left out. Ends with a newline. A renderer
// whose fallback is read as markup passes its `escape`, applied to every text and the link.
std::string PlainText(const Answer& answer, std::string (*escape)(const std::string&) = nullptr);

// `text` cut to at most `max_bytes` bytes at a UTF-8 character boundary, with "…" (3 bytes)
// at the end when something was cut. REQUIRES: max_bytes >= 3.
std::string Truncate(const std::string& text, size_t max_bytes);

// Truncate for text a renderer has already escaped: the cut also never falls inside a
// character reference ("&amp;"), a "<url|label>" span or after the backslash of a Markdown
// escape ("\*"); it steps back to before it instead. REQUIRES: max_bytes >= 3.
std::string TruncateEscaped(const std::string& text, size_t max_bytes);

}  // namespace nagame::bot::chat

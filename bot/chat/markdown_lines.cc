// Markdown assembly with a byte budget.
#include "bot/chat/markdown_lines.h"

#include <cctype>
#include <vector>

namespace nagame::bot::chat {
namespace {

// A URL as a Markdown link target: the characters that would end it or the link
// percent-encoded.
std::string LinkTarget(const std::string& url) {
  std::string out;
  for (char c : url) {
    switch (c) {
      case '(':
        out += "%28";
        break;
      case ')':
        out += "%29";
        break;
      case ' ':
        out += "%20";
        break;
      case '<':
        out += "%3C";
        break;
      case '>':
        out += "%3E";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

bool NeedsMarkdownBackslash(const std::string& text, size_t i) {
  const char c = text[i];
  if (c == '\\' || c == '`' || c == '*' || c == '_' || c == '~' || c == '[' || c == ']' ||
      c == '#' || c == '|') {
    return true;
  }
  if (i == 0) return c == '-' || c == '+';
  if (c != '.' && c != ')') return false;
  for (size_t j = 0; j < i; ++j) {
    if (std::isdigit(static_cast<unsigned char>(text[j])) == 0) return false;
  }
  return true;
}

std::string MarkdownText(const Answer& answer, size_t max_bytes, bool with_fields,
                         std::string (*escape)(const std::string&)) {
  struct Line {
    std::string text;
    bool counts;  // a finding (counted in the "not shown" notice), not a heading
  };
  std::vector<Line> lines;
  lines.push_back({"**" + escape(answer.title) + "**", false});
  for (const Section& s : answer.sections) {
    // Buttons are not shown, and fields only `with_fields`: a section with nothing else is
    // left out rather than leave a heading with nothing under it.
    if (s.lines.empty() && (!with_fields || s.fields.empty())) continue;
    lines.push_back({"", false});
    if (!s.heading.empty()) lines.push_back({"**" + escape(s.heading) + "**", false});
    for (const std::string& l : s.lines) lines.push_back({"- " + escape(l), true});
    if (!with_fields) continue;
    for (const Field& f : s.fields) {
      lines.push_back({"**" + escape(f.label) + ":** " + escape(f.value), true});
    }
  }
  std::string link;
  if (!answer.link.empty()) {
    link = "\n[" + escape(answer.link_label.empty() ? "More" : answer.link_label) + "](" +
           LinkTarget(answer.link) + ")\n";
  }
  constexpr size_t kNoticeBytes = 64;
  const size_t room =
      max_bytes > link.size() + kNoticeBytes ? max_bytes - link.size() - kNoticeBytes : 0;
  std::string out;
  size_t i = 0;
  for (; i < lines.size(); ++i) {
    std::string item = TruncateEscaped(lines[i].text, std::max<size_t>(room, 3));
    if (out.size() + item.size() + 1 > room) break;
    out += item + "\n";
  }
  if (i < lines.size()) {
    size_t left = 0;
    for (size_t j = i; j < lines.size(); ++j) left += lines[j].counts ? 1 : 0;
    out += "_… " + std::to_string(left) + " more lines not shown_\n";
  }
  return out + link;
}

}  // namespace nagame::bot::chat

// Plain-text rendering of an Answer and UTF-8-safe truncation.
#include "bot/chat/answer.h"

namespace nagame::bot::chat {

std::string PlainText(const Answer& answer) {
  std::string out = answer.title + "\n";
  for (const Section& s : answer.sections) {
    if (s.lines.empty() && s.fields.empty()) continue;  // buttons only: nothing to print
    out += "\n";
    if (!s.heading.empty()) out += s.heading + "\n";
    for (const std::string& line : s.lines) out += "• " + line + "\n";
    for (const Field& f : s.fields) out += f.label + ": " + f.value + "\n";
  }
  if (!answer.link.empty()) {
    out += "\n" + (answer.link_label.empty() ? std::string("More") : answer.link_label) + ": " +
           answer.link + "\n";
  }
  return out;
}

std::string Truncate(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes - 3;
  // Step back over UTF-8 continuation bytes (10xxxxxx) so no character is split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…";
}

}  // namespace nagame::bot::chat

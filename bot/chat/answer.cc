// Plain-text rendering of an Answer and UTF-8-safe truncation.
#include "bot/chat/answer.h"

namespace nagame::bot::chat {

bool HasText(const Section& s) { return !s.lines.empty() || !s.fields.empty(); }

std::string PlainText(const Answer& answer, std::string (*escape)(const std::string&)) {
  auto text = [escape](const std::string& t) { return escape ? escape(t) : t; };
  std::string out = text(answer.title) + "\n";
  for (const Section& s : answer.sections) {
    if (!HasText(s)) continue;  // buttons only: nothing to print
    out += "\n";
    if (!s.heading.empty()) out += text(s.heading) + "\n";
    for (const std::string& line : s.lines) out += "• " + text(line) + "\n";
    for (const Field& f : s.fields) out += text(f.label) + ": " + text(f.value) + "\n";
  }
  if (!answer.link.empty()) {
    out += "\n" + text(answer.link_label.empty() ? std::string("More") : answer.link_label) + ": " +
           text(answer.link) + "\n";
  }
  return out;
}

namespace {

// The largest cut <= max_bytes - 3 that does not split a UTF-8 character.
size_t CharacterCut(const std::string& text, size_t max_bytes) {
  size_t cut = max_bytes - 3;
  // Step back over UTF-8 continuation bytes (10xxxxxx) so no character is split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

}  // namespace

std::string Truncate(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  return text.substr(0, CharacterCut(text, max_bytes)) + "…";
}

std::string TruncateEscaped(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = CharacterCut(text, max_bytes);
  // An "&…;" or "<…>" opened before the cut and not closed before it is cut whole.
  const size_t amp = text.rfind('&', cut == 0 ? 0 : cut - 1);
  if (amp != std::string::npos && amp < cut && text.find(';', amp) >= cut &&
      cut - amp <= 10) {  // character references are short; a lone '&' is not one
    cut = amp;
  }
  const size_t open = text.rfind('<', cut == 0 ? 0 : cut - 1);
  if (open != std::string::npos && open < cut && text.find('>', open) >= cut) cut = open;
  // A backslash escape is the backslash and the byte after it: an odd run of backslashes just
  // before the cut would escape the "…".
  size_t slashes = 0;
  while (slashes < cut && text[cut - 1 - slashes] == '\\') ++slashes;
  if (slashes % 2 == 1) --cut;
  return text.substr(0, cut) + "…";
}

}  // namespace nagame::bot::chat

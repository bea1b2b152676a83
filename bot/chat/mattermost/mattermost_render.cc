// Mattermost Markdown and attachments, every text through MattermostEscape.
#include "bot/chat/mattermost/mattermost_render.h"

#include <cctype>

#include "bot/chat/markdown_lines.h"

namespace nagame::bot::chat {

using nlohmann::json;

std::string MattermostEscape(const std::string& text) {
  // U+200B ZERO WIDTH SPACE: after '@' it keeps "@channel" (and "@user") from being a mention.
  constexpr char kZeroWidthSpace[] = "\u200b";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    // Entities, not backslashes: Mattermost rewrites "<!channel>" and "<url|label>" before
    // Markdown is read, and a backslash does not stop that.
    if (c == '&' || c == '<' || c == '>') {
      out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;";
      continue;
    }
    if (c == '\n' || c == '\r') {
      out += ' ';  // one answer line stays one line
      continue;
    }
    if (NeedsMarkdownBackslash(text, i)) out += '\\';
    out += c;
    if (c == '@' && i + 1 < text.size() &&
        std::isalnum(static_cast<unsigned char>(text[i + 1])) != 0) {
      out += kZeroWidthSpace;
    }
  }
  return out;
}

std::string MattermostMarkdown(const Answer& answer, const MattermostLimits& limits) {
  return MarkdownText(answer, limits.max_text, /*with_fields=*/false, MattermostEscape);
}

json RenderMattermostMessage(const Answer& answer, const MattermostLimits& limits) {
  json message = {{"text", MattermostMarkdown(answer, limits)}};
  json fields = json::array();
  size_t bytes = 0;
  for (const Section& s : answer.sections) {
    for (const Field& f : s.fields) {
      std::string title = MattermostEscape(f.label), value = MattermostEscape(f.value);
      bytes += title.size() + value.size();
      if (bytes > limits.max_text / 2) break;
      fields.push_back({{"title", std::move(title)}, {"value", std::move(value)}, {"short", true}});
    }
  }
  if (!fields.empty()) {
    message["attachments"] =
        json::array({{{"fallback", TruncateEscaped(MattermostEscape(answer.title), 200)},
                      {"fields", std::move(fields)}}});
  }
  return message;
}

json RenderMattermostResponse(const Answer& answer, const MattermostLimits& limits) {
  json message = RenderMattermostMessage(answer, limits);
  message["response_type"] = answer.in_channel ? "in_channel" : "ephemeral";
  return message;
}

}  // namespace nagame::bot::chat

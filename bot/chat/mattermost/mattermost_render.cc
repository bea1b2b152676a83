// Mattermost Markdown and attachments.
#include "bot/chat/mattermost/mattermost_render.h"

#include "bot/chat/markdown_lines.h"

namespace nagame::bot::chat {

using nlohmann::json;

std::string MarkdownEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == '`' || c == '*' || c == '_' || c == '~' || c == '[' || c == ']' ||
        c == '#' || c == '|') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

std::string MattermostMarkdown(const Answer& answer, const MattermostLimits& limits) {
  return MarkdownText(answer, limits.max_text, /*with_fields=*/false, MarkdownEscape);
}

json RenderMattermostMessage(const Answer& answer, const MattermostLimits& limits) {
  json message = {{"text", MattermostMarkdown(answer, limits)}};
  json fields = json::array();
  size_t bytes = 0;
  for (const Section& s : answer.sections) {
    for (const Field& f : s.fields) {
      bytes += f.label.size() + f.value.size();
      if (bytes > limits.max_text / 2) break;
      fields.push_back({{"title", f.label}, {"value", f.value}, {"short", true}});
    }
  }
  if (!fields.empty()) {
    message["attachments"] =
        json::array({{{"fallback", Truncate(answer.title, 200)}, {"fields", std::move(fields)}}});
  }
  return message;
}

json RenderMattermostResponse(const Answer& answer, const MattermostLimits& limits) {
  json message = RenderMattermostMessage(answer, limits);
  message["response_type"] = answer.in_channel ? "in_channel" : "ephemeral";
  return message;
}

}  // namespace nagame::bot::chat

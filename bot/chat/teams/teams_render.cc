// Teams Markdown reply and Adaptive Card, every text through TeamsEscape.
#include "bot/chat/teams/teams_render.h"

#include "bot/chat/markdown_lines.h"

namespace nagame::bot::chat {
namespace {

using nlohmann::json;

json TextBlock(std::string text) {
  return {{"type", "TextBlock"}, {"text", std::move(text)}, {"wrap", true}};
}

}  // namespace

std::string TeamsEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r') {
      out += ' ';  // one answer line stays one line
      continue;
    }
    if (NeedsMarkdownBackslash(text, i) || c == '<' || c == '>') out += '\\';
    out += c;
  }
  return out;
}

json RenderTeamsReply(const Answer& answer, const TeamsLimits& limits) {
  return {{"type", "message"},
          {"text", MarkdownText(answer, limits.max_bytes, /*with_fields=*/true, TeamsEscape)}};
}

json RenderTeamsCard(const Answer& answer, const TeamsLimits& limits) {
  json body = json::array();
  // Bold and medium; not style "heading", which needs card version 1.5 (Workflows cards are
  // 1.2, like Alertmanager's msteamsv2).
  json title = TextBlock(TruncateEscaped(TeamsEscape(answer.title), 200));
  title["weight"] = "Bolder";
  title["size"] = "Medium";
  size_t used = title["text"].get_ref<const std::string&>().size();
  body.push_back(std::move(title));
  size_t left_out = 0;
  constexpr size_t kBlockOverhead = 64;  // JSON around one TextBlock
  constexpr size_t kFactOverhead = 32;   // JSON around one fact
  for (const Section& s : answer.sections) {
    std::string lines;
    for (const std::string& l : s.lines) {
      const std::string item = "- " + TeamsEscape(l) + "\n";
      if (left_out > 0 || used + lines.size() + item.size() > limits.max_bytes) {
        ++left_out;
        continue;
      }
      lines += item;
    }
    if (!lines.empty()) used += lines.size() + kBlockOverhead;
    json facts = json::array();
    for (const Field& f : s.fields) {
      std::string label = TeamsEscape(f.label), value = TeamsEscape(f.value);
      if (left_out > 0 || used + label.size() + value.size() + kFactOverhead > limits.max_bytes) {
        ++left_out;
        continue;
      }
      used += label.size() + value.size() + kFactOverhead;
      facts.push_back({{"title", std::move(label)}, {"value", std::move(value)}});
    }
    // Buttons are not rendered: a heading is shown only with lines or facts under it.
    if (lines.empty() && facts.empty()) continue;
    if (!s.heading.empty()) {
      json heading = TextBlock(TeamsEscape(s.heading));
      heading["weight"] = "Bolder";
      heading["spacing"] = "Medium";
      used += heading["text"].get_ref<const std::string&>().size() + kBlockOverhead;
      body.push_back(std::move(heading));
    }
    if (!lines.empty()) body.push_back(TextBlock(std::move(lines)));
    if (!facts.empty()) body.push_back({{"type", "FactSet"}, {"facts", std::move(facts)}});
  }
  if (left_out > 0) {
    json notice = TextBlock("… " + std::to_string(left_out) + " more lines not shown");
    notice["isSubtle"] = true;
    body.push_back(std::move(notice));
  }
  json card = {{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
               {"type", "AdaptiveCard"},
               {"version", "1.2"},
               {"body", std::move(body)},
               {"msteams", {{"width", "full"}}}};
  if (!answer.link.empty()) {
    // A button title is plain text, not Markdown.
    card["actions"] = json::array(
        {{{"type", "Action.OpenUrl"},
          {"title", Truncate(answer.link_label.empty() ? "More" : answer.link_label, 200)},
          {"url", answer.link}}});
  }
  return {{"type", "message"},
          {"attachments", json::array({{{"contentType", "application/vnd.microsoft.card.adaptive"},
                                        {"contentUrl", nullptr},
                                        {"content", std::move(card)}}})}};
}

}  // namespace nagame::bot::chat

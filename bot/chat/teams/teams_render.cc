// Teams Markdown reply and Adaptive Card.
#include "bot/chat/teams/teams_render.h"

#include "bot/chat/markdown_lines.h"
#include "bot/chat/mattermost/mattermost_render.h"

namespace nagame::bot::chat {
namespace {

using nlohmann::json;

json TextBlock(std::string text) {
  return {{"type", "TextBlock"}, {"text", std::move(text)}, {"wrap", true}};
}

}  // namespace

json RenderTeamsReply(const Answer& answer, const TeamsLimits& limits) {
  return {{"type", "message"},
          {"text", MarkdownText(answer, limits.max_bytes, /*with_fields=*/true, MarkdownEscape)}};
}

json RenderTeamsCard(const Answer& answer, const TeamsLimits& limits) {
  json body = json::array();
  json title = TextBlock(Truncate(answer.title, 200));
  title["weight"] = "Bolder";
  title["size"] = "Medium";
  title["style"] = "heading";
  body.push_back(std::move(title));
  size_t used = answer.title.size();
  size_t left_out = 0;
  constexpr size_t kBlockOverhead = 64;  // JSON around one TextBlock
  for (const Section& s : answer.sections) {
    if (!s.heading.empty()) {
      json heading = TextBlock(s.heading);
      heading["weight"] = "Bolder";
      heading["spacing"] = "Medium";
      used += s.heading.size() + kBlockOverhead;
      body.push_back(std::move(heading));
    }
    std::string lines;
    for (const std::string& l : s.lines) {
      if (left_out > 0 || used + lines.size() + l.size() + 3 > limits.max_bytes) {
        ++left_out;
        continue;
      }
      lines += "- " + l + "\n";
    }
    if (!lines.empty()) {
      used += lines.size() + kBlockOverhead;
      body.push_back(TextBlock(std::move(lines)));
    }
    json facts = json::array();
    for (const Field& f : s.fields) {
      if (left_out > 0 || used + f.label.size() + f.value.size() + 32 > limits.max_bytes) {
        ++left_out;
        continue;
      }
      used += f.label.size() + f.value.size() + 32;
      facts.push_back({{"title", f.label}, {"value", f.value}});
    }
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
    card["actions"] =
        json::array({{{"type", "Action.OpenUrl"},
                      {"title", answer.link_label.empty() ? "More" : answer.link_label},
                      {"url", answer.link}}});
  }
  return {{"type", "message"},
          {"attachments", json::array({{{"contentType", "application/vnd.microsoft.card.adaptive"},
                                        {"contentUrl", nullptr},
                                        {"content", std::move(card)}}})}};
}

}  // namespace nagame::bot::chat

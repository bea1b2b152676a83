// Block Kit rendering with a budget: blocks are produced in order and the message stops at the
// first block that would break a limit.
#include "bot/chat/slack/slack_render.h"

#include <string>
#include <vector>

#include "bot/html_escape.h"

namespace nagame::bot::chat {
namespace {

using nlohmann::json;

// One block and the number of answer lines it carries (for the "left out" notice).
struct Candidate {
  json block;
  size_t text_bytes = 0;
  size_t lines = 0;
};

json Mrkdwn(std::string text) { return {{"type", "mrkdwn"}, {"text", std::move(text)}}; }
json PlainTextObject(std::string text) {
  return {{"type", "plain_text"}, {"text", std::move(text)}, {"emoji", true}};
}

// Section blocks holding the heading and lines, each text within `max` bytes.
void AddTextBlocks(const Section& s, const SlackLimits& limits, std::vector<Candidate>* out) {
  const size_t max = limits.max_section_text;
  Candidate current;
  std::string text = s.heading.empty() ? "" : "*" + SlackEscape(s.heading) + "*";
  auto flush = [&] {
    if (text.empty()) return;
    current.text_bytes = text.size();
    current.block = {{"type", "section"}, {"text", Mrkdwn(text)}};
    out->push_back(std::move(current));
    current = Candidate{};
    text.clear();
  };
  for (const std::string& line : s.lines) {
    std::string item = TruncateEscaped("• " + SlackEscape(line), max);
    if (!text.empty() && text.size() + 1 + item.size() > max) flush();
    if (!text.empty()) text += "\n";
    text += item;
    ++current.lines;
  }
  flush();
}

void AddFieldBlocks(const Section& s, const SlackLimits& limits, std::vector<Candidate>* out) {
  for (size_t i = 0; i < s.fields.size(); i += limits.max_fields) {
    Candidate c;
    json fields = json::array();
    for (size_t j = i; j < std::min(s.fields.size(), i + limits.max_fields); ++j) {
      std::string text = TruncateEscaped(
          "*" + SlackEscape(s.fields[j].label) + "*\n" + SlackEscape(s.fields[j].value),
          limits.max_field_text);
      c.text_bytes += text.size();
      ++c.lines;
      fields.push_back(Mrkdwn(std::move(text)));
    }
    c.block = {{"type", "section"}, {"fields", std::move(fields)}};
    out->push_back(std::move(c));
  }
}

void AddButtonBlocks(const Section& s, const SlackLimits& limits, std::vector<Candidate>* out) {
  for (size_t i = 0; i < s.buttons.size(); i += limits.max_buttons_per_block) {
    Candidate c;
    json elements = json::array();
    for (size_t j = i; j < std::min(s.buttons.size(), i + limits.max_buttons_per_block); ++j) {
      const Button& b = s.buttons[j];
      // action_id must be unique within its block: "<action>#<index>".
      json button = {{"type", "button"},
                     {"text", PlainTextObject(Truncate(b.label, limits.max_button_label))},
                     {"action_id", b.action + "#" + std::to_string(j)},
                     {"value", Truncate(b.value, 2000)}};
      if (b.style == Button::Style::kPrimary) button["style"] = "primary";
      if (b.style == Button::Style::kDanger) button["style"] = "danger";
      c.text_bytes += b.label.size();
      elements.push_back(std::move(button));
    }
    c.block = {{"type", "actions"}, {"elements", std::move(elements)}};
    out->push_back(std::move(c));
  }
}

// "<url|label>": the URL with Slack's three characters escaped and '|' percent-encoded (it
// would end the URL), the label escaped.
std::string LinkText(const Answer& a) {
  std::string url;
  for (char c : SlackEscape(a.link)) url += c == '|' ? std::string("%7C") : std::string(1, c);
  return "<" + url + "|" + SlackEscape(a.link_label.empty() ? "More" : a.link_label) + ">";
}

// The top-level `text`: Slack shows it in notifications and wherever blocks are not shown,
// and reads it as mrkdwn, so it is escaped like every block.
std::string FallbackText(const Answer& a, const SlackLimits& limits) {
  return TruncateEscaped(PlainText(a, SlackEscape), limits.max_fallback_text);
}

}  // namespace

std::string SlackEscape(const std::string& text) {
  // A line break inside one answer line would let it start a "&gt;" quote or a list.
  std::string one_line = text;
  for (char& c : one_line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return HtmlEscape(one_line, /*quotes=*/false);
}

json RenderSlackMessage(const Answer& answer, const SlackLimits& limits) {
  std::vector<Candidate> candidates;
  candidates.push_back({{{"type", "header"},
                         {"text", PlainTextObject(Truncate(answer.title, limits.max_header_text))}},
                        std::min(answer.title.size(), limits.max_header_text),
                        0});
  for (const Section& s : answer.sections) {
    if (!HasText(s) && s.buttons.empty()) continue;  // no heading with nothing under it
    AddTextBlocks(s, limits, &candidates);
    AddFieldBlocks(s, limits, &candidates);
    AddButtonBlocks(s, limits, &candidates);
  }
  if (!answer.link.empty()) {
    std::string link = LinkText(answer);
    candidates.push_back(
        {{{"type", "context"}, {"elements", json::array({Mrkdwn(link)})}}, link.size(), 0});
  }

  // Room for the notice that replaces what does not fit: one block, a few hundred bytes.
  constexpr size_t kNoticeBytes = 400;
  json blocks = json::array();
  size_t used = 0, kept = 0, left_out_lines = 0;
  for (const Candidate& c : candidates) {
    const bool last = kept + 1 == candidates.size();
    const size_t block_room = last ? limits.max_blocks : limits.max_blocks - 1;
    const size_t text_room = last ? limits.max_total_text : limits.max_total_text - kNoticeBytes;
    if (blocks.size() + 1 > block_room || used + c.text_bytes > text_room) break;
    blocks.push_back(c.block);
    used += c.text_bytes;
    ++kept;
  }
  if (kept < candidates.size()) {
    for (size_t i = kept; i < candidates.size(); ++i) left_out_lines += candidates[i].lines;
    std::string notice = "… " + std::to_string(left_out_lines) + " more lines not shown";
    if (!answer.link.empty()) notice += " — " + LinkText(answer);
    blocks.push_back({{"type", "context"},
                      {"elements", json::array({Mrkdwn(TruncateEscaped(notice, kNoticeBytes))})}});
  }
  return {{"text", FallbackText(answer, limits)}, {"blocks", std::move(blocks)}};
}

json RenderSlackResponse(const Answer& answer, const SlackLimits& limits) {
  json message = RenderSlackMessage(answer, limits);
  message["response_type"] = answer.in_channel ? "in_channel" : "ephemeral";
  return message;
}

}  // namespace nagame::bot::chat

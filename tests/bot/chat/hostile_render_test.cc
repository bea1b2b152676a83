// Hostile names through every chat renderer: what each destination would read as a mention, a
// link, formatting or markup comes out escaped for that destination, cuts never split an
// escape, and each platform's body is a golden (tests/golden/chat/hostile/).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bot/chat/answer.h"
#include "bot/chat/destination.h"
#include "bot/chat/mattermost/mattermost_render.h"
#include "bot/chat/slack/slack_render.h"
#include "bot/chat/teams/teams_render.h"
#include "tests/bot/chat/configured_platforms.h"
#include "tests/bot/chat/slack_limits.h"
#include "tests/support/golden.h"

namespace nagame::bot::chat {
namespace {

using nlohmann::json;

std::string Repeat(const std::string& s, size_t bytes) {
  std::string out;
  while (out.size() + s.size() <= bytes) out += s;
  return out;
}

// 4,000 bytes of a label value made of what every destination must escape.
const std::string kHugeLabel = "team=" + Repeat("&<!channel>*b*[x](u)@here ", 3995);

Answer Hostile() {
  Answer a;
  a.title = "Noisy <!channel> @here [x](u) *b* <script>alert(1)</script>";
  a.sections.push_back({.heading = "Decide on <!here> *b*",
                        .buttons = {{"Tune <!here>", "decide:tune", "<!channel>"}}});
  a.sections.push_back(
      {.heading = "Findings @all",
       .lines = {"<!channel> fired 3 times", "<@U123ABC> owns <https://evil.example|click me>",
                 "@here @channel @all @alice please look",
                 "[x](https://evil.example) *b* _i_ ~s~ `code` # h | pipe",
                 "<script>alert(\"x\")</script> & &amp; &lt;",
                 "line one\n> quoted\n- item\n1. item", "2. starts like a list",
                 "HugeRule{" + kHugeLabel + "}"},
       .fields = {{"<!here>", "[x](u)"},
                  {"*b*", kHugeLabel},
                  {"@channel", "<script>"},
                  {"- dash", "+ plus"}}});
  a.sections.push_back({.heading = "Missing (0)"});
  a.link = "https://nagame.example.com/report?a=1&b=<2>|x";
  a.link_label = "Full <report> *now*";
  return a;
}

std::string Pretty(const json& j) { return j.dump(2) + "\n"; }

// Every string in `j` (keys excluded), depth first.
void Strings(const json& j, std::vector<std::string>* out) {
  if (j.is_string()) out->push_back(j.get<std::string>());
  if (j.is_array() || j.is_object()) {
    for (const json& v : j) Strings(v, out);
  }
}

// Every '&' in `text` starts a character reference the renderers write.
void ExpectWholeEntities(const std::string& text) {
  for (size_t at = text.find('&'); at != std::string::npos; at = text.find('&', at + 1)) {
    const std::string rest = text.substr(at, 5);
    EXPECT_TRUE(rest.rfind("&amp;", 0) == 0 || rest.rfind("&lt;", 0) == 0 ||
                rest.rfind("&gt;", 0) == 0)
        << "a split or raw '&' at " << at << ": …" << text.substr(at > 20 ? at - 20 : 0, 40);
  }
}

// No backslash escape was cut from the character it escapes.
void ExpectNoDanglingBackslash(const std::string& text) {
  for (size_t at = text.find("…"); at != std::string::npos; at = text.find("…", at + 1)) {
    size_t slashes = 0;
    while (slashes < at && text[at - 1 - slashes] == '\\') ++slashes;
    EXPECT_EQ(slashes % 2, 0u) << "a backslash escapes the cut: …" << text.substr(at - 20, 23);
  }
}

// Markdown and mention syntax that must not reach Mattermost or Teams unescaped: each one
// found is escaped by the backslash before it.
void ExpectNoMarkdownInjection(const std::string& text) {
  for (const std::string raw : {"[x](", "*b*", "_i_", "~s~", "`code`", "<script", "<!channel>",
                                "<!here>", "<@U123ABC>", "<https://evil"}) {
    for (size_t at = text.find(raw); at != std::string::npos; at = text.find(raw, at + 1)) {
      size_t slashes = 0;
      while (slashes < at && text[at - 1 - slashes] == '\\') ++slashes;
      EXPECT_EQ(slashes % 2, 1u) << raw << " unescaped in: " << text.substr(0, 300);
    }
  }
  ExpectNoDanglingBackslash(text);
}

TEST(HostileRender, SlackEscapesEveryMrkdwnText) {
  const json message = RenderSlackMessage(Hostile());
  nagame::testing::ExpectGolden("chat/hostile/slack_message.json", Pretty(message));
  nagame::testing::ExpectWithinSlackLimits(message, "hostile");
  // mrkdwn: the fallback `text`, section texts and fields, context elements.
  std::vector<std::string> mrkdwn = {message["text"].get<std::string>()};
  for (const json& b : message["blocks"]) {
    if (b["type"] == "section" && b.contains("text")) mrkdwn.push_back(b["text"]["text"]);
    for (const char* list : {"fields", "elements"}) {
      if (b["type"] == "actions" || !b.contains(list)) continue;
      for (const json& e : b[list]) mrkdwn.push_back(e["text"]);
    }
  }
  const std::string own_link = "<https://nagame.example.com/report?a=1&amp;b=&lt;2&gt;%7Cx|";
  for (const std::string& text : mrkdwn) {
    SCOPED_TRACE(text.substr(0, 200));
    ExpectWholeEntities(text);
    // The only '<' is the answer's own link, its label escaped.
    size_t links = 0;
    for (size_t at = text.find(own_link); at != std::string::npos;
         at = text.find(own_link, at + 1)) {
      ++links;
      EXPECT_EQ(text.substr(at + own_link.size()), "Full &lt;report&gt; *now*>");
    }
    EXPECT_EQ(std::count(text.begin(), text.end(), '<'), static_cast<long>(links));
    EXPECT_EQ(text.find('\n' + std::string("&gt;")), std::string::npos) << "no quote line";
  }
  // The fallback carries the hostile texts, escaped.
  EXPECT_NE(mrkdwn[0].find("&lt;!channel&gt; fired"), std::string::npos);
  EXPECT_NE(mrkdwn[0].find("&lt;@U123ABC&gt; owns"), std::string::npos);
}

TEST(HostileRender, MattermostEscapesTextAndAttachments) {
  const json message = RenderMattermostMessage(Hostile());
  nagame::testing::ExpectGolden("chat/hostile/mattermost.json", Pretty(message));
  std::vector<std::string> texts;
  Strings(message, &texts);
  ASSERT_GE(texts.size(), 8u);
  for (const std::string& text : texts) {
    SCOPED_TRACE(text.substr(0, 200));
    ExpectNoMarkdownInjection(text);
    ExpectWholeEntities(text.substr(0, text.find("\n[Full")));  // the link's URL keeps its '&'
    for (const char* mention : {"@here", "@channel", "@all", "@alice"}) {
      EXPECT_EQ(text.find(mention), std::string::npos) << mention;
    }
    EXPECT_EQ(text.find_first_of("<>"), std::string::npos) << "Slack-style <…> is converted";
  }
  const std::string text = message["text"];
  EXPECT_NE(text.find("\n- 2\\. starts like a list"), std::string::npos) << "not a nested list";
  EXPECT_EQ(text.find("Decide on"), std::string::npos) << "its buttons are not shown";
  EXPECT_EQ(text.find("Missing (0)"), std::string::npos);
  EXPECT_NE(text.find("[Full &lt;report&gt; \\*now\\*](https://nagame.example.com/report?a=1&b="
                      "%3C2%3E|x)"),
            std::string::npos)
      << text;
}

TEST(HostileRender, TeamsCardIsMarkdownEscapedWithoutEmptyHeadings) {
  const json message = RenderTeamsCard(Hostile());
  nagame::testing::ExpectGolden("chat/hostile/teams_card.json", Pretty(message));
  const json& card = message["attachments"][0]["content"];
  EXPECT_EQ(card["version"], "1.2");
  std::vector<std::string> texts;
  for (const json& b : card["body"]) {
    EXPECT_FALSE(b.contains("style")) << "TextBlock style needs version 1.5";
    if (b["type"] == "TextBlock") texts.push_back(b["text"]);
    if (b["type"] == "FactSet") {
      for (const json& f : b["facts"]) {
        texts.push_back(f["title"]);
        texts.push_back(f["value"]);
      }
    }
  }
  for (const std::string& text : texts) {
    SCOPED_TRACE(text.substr(0, 200));
    ExpectNoMarkdownInjection(text);
    EXPECT_EQ(text.find('\n' + std::string(">")), std::string::npos);
  }
  // A heading (bold, after the title) always has lines or facts under it.
  const json& body = card["body"];
  for (size_t i = 1; i < body.size(); ++i) {
    if (body[i].value("weight", "") != "Bolder") continue;
    ASSERT_LT(i + 1, body.size()) << body[i]["text"];
    EXPECT_NE(body[i + 1].value("weight", ""), "Bolder") << body[i]["text"];
  }
  // A fact or line that starts like a list item stays text.
  EXPECT_NE(std::find(texts.begin(), texts.end(), "\\- dash"), texts.end());
  EXPECT_NE(std::find(texts.begin(), texts.end(), "\\+ plus"), texts.end());
  const std::string dump = card.dump();
  EXPECT_NE(dump.find("\\n- 2\\\\. starts like a list"), std::string::npos);
  EXPECT_EQ(dump.find("Decide on"), std::string::npos);
  EXPECT_EQ(dump.find("Missing (0)"), std::string::npos);
}

TEST(HostileRender, TeamsReplyIsMarkdownEscaped) {
  const json message = RenderTeamsReply(Hostile());
  nagame::testing::ExpectGolden("chat/hostile/teams_reply.json", Pretty(message));
  const std::string text = message["text"];
  ExpectNoMarkdownInjection(text);
  EXPECT_EQ(text.find("\n>"), std::string::npos);
  EXPECT_EQ(text.find("Missing (0)"), std::string::npos);
}

TEST(HostileRender, GenericAndPlainKeepTheTextAsItIs) {
  // JSON and the CLI are not markup: the text is kept, JSON-encoded by the serializer.
  std::optional<Destination> generic =
      nagame::testing::DestinationOf("generic: {webhook_url: https://hooks.example.com/n}");
  ASSERT_TRUE(generic);
  const std::string body = generic->render(Hostile());
  nagame::testing::ExpectGolden("chat/hostile/generic.json", Pretty(json::parse(body)));
  EXPECT_EQ(json::parse(body)["title"], Hostile().title);
  nagame::testing::ExpectGolden("chat/hostile/plain.txt", PlainText(Hostile()));
}

TEST(TruncateEscaped, NeverSplitsAnEscape) {
  const struct {
    const char* text;
    size_t max;
    const char* want;
  } cases[] = {
      {"abc", 3, "abc"},
      {"abcdef", 5, "ab…"},
      {"a&amp;b", 6, "a…"},            // would cut "&am"
      {"a&amp;bcdefg", 9, "a&amp;…"},  // the reference fits whole
      {"x <https://e.example|label> y", 20, "x …"},
      {"x <https://e.example|label> y", 30, "x <https://e.example|label> y"},
      {"ab\\*cdef", 6, "ab…"},                         // would leave "\" escaping the "…"
      {"a\\\\bcdef", 6, "a\\\\…"},                     // an escaped backslash is whole
      {"a & bcdefghijklmnop", 17, "a & bcdefghijk…"},  // a lone '&' far from the cut stays
      {"ü&lt;x", 6, "ü…"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(TruncateEscaped(c.text, c.max), c.want) << c.text << " / " << c.max;
  }
}

}  // namespace
}  // namespace nagame::bot::chat

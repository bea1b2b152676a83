// Block Kit's documented limits (api.slack.com/reference/block-kit: blocks, block elements,
// composition objects; formats.md §5.5), checked on a rendered Slack message.
#pragma once

#include <gtest/gtest.h>

#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace nagame::testing {

// Characters (not bytes) of a UTF-8 string: what Slack and Mattermost count.
inline size_t Chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

inline std::string TextOf(const nlohmann::json& j) {
  return j.is_string() ? j.get<std::string>() : "";
}

// Adds a failure for every Block Kit limit `message` breaks: at most 50 blocks; a header's
// plain_text at most 150 characters; a section's text 3,000, its fields at most 10 of 2,000
// each; an actions block at most 25 elements, a button's text 75, its value 2,000 and its
// action_id 255 (unique in the block); a context block at most 10 elements; block_id 255; and
// Nagame's own budgets: a non-empty `text` fallback of at most 3,000 characters and at most
// 12,000 characters of block text in total (Slack refuses larger messages with
// msg_blocks_too_long).
inline void ExpectWithinSlackLimits(const nlohmann::json& message, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_TRUE(message.is_object());
  ASSERT_TRUE(message.contains("blocks"));
  const nlohmann::json& blocks = message["blocks"];
  ASSERT_TRUE(blocks.is_array());
  EXPECT_LE(blocks.size(), 50u);
  EXPECT_LE(Chars(TextOf(message["text"])), 3000u);
  EXPECT_FALSE(TextOf(message["text"]).empty());
  size_t total = 0;
  for (const nlohmann::json& b : blocks) {
    const std::string type = TextOf(b["type"]);
    if (b.contains("block_id")) EXPECT_LE(Chars(TextOf(b["block_id"])), 255u);
    if (type == "header") {
      EXPECT_EQ(TextOf(b["text"]["type"]), "plain_text");
      EXPECT_LE(Chars(TextOf(b["text"]["text"])), 150u);
    } else if (type == "section" && b.contains("text")) {
      EXPECT_LE(Chars(TextOf(b["text"]["text"])), 3000u);
      total += Chars(TextOf(b["text"]["text"]));
    } else if (type == "section") {
      EXPECT_GE(b["fields"].size(), 1u);
      EXPECT_LE(b["fields"].size(), 10u);
      for (const nlohmann::json& f : b["fields"]) {
        EXPECT_LE(Chars(TextOf(f["text"])), 2000u);
        total += Chars(TextOf(f["text"]));
      }
    } else if (type == "actions") {
      EXPECT_GE(b["elements"].size(), 1u);
      EXPECT_LE(b["elements"].size(), 25u);
      std::set<std::string> ids;
      for (const nlohmann::json& e : b["elements"]) {
        EXPECT_LE(Chars(TextOf(e["text"]["text"])), 75u);
        EXPECT_LE(Chars(TextOf(e["value"])), 2000u);
        EXPECT_LE(Chars(TextOf(e["action_id"])), 255u);
        EXPECT_TRUE(ids.insert(TextOf(e["action_id"])).second) << "action_id unique in block";
      }
    } else if (type == "context") {
      EXPECT_GE(b["elements"].size(), 1u);
      EXPECT_LE(b["elements"].size(), 10u);
      for (const nlohmann::json& e : b["elements"]) {
        EXPECT_LE(Chars(TextOf(e["text"])), 3000u);
        total += Chars(TextOf(e["text"]));
      }
    } else {
      ADD_FAILURE() << "a block type the renderer does not make: " << type;
    }
  }
  EXPECT_LE(total, 12000u);
}

}  // namespace nagame::testing

// TextTable: rows of cells rendered as aligned plain text (terminals) or a Markdown table.
// Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

namespace nagame::bot {

struct TextTable {
  std::vector<std::string> header;
  std::vector<bool> right_aligned;             // per column; missing entries are left-aligned
  std::vector<std::vector<std::string>> rows;  // REQUIRES: each the header's size
};

// Columns padded to their widest cell (counted in UTF-8 code points), two spaces apart, no
// trailing spaces; the header first. Ends with a newline.
std::string RenderPlain(const TextTable& table);

// "| a | b |" lines with a "| --- | ---: |" separator; '|' in cells is escaped and line breaks
// become spaces. Ends with a newline.
std::string RenderMarkdownTable(const TextTable& table);

}  // namespace nagame::bot

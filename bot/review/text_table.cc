// Plain and Markdown table rendering.
#include "bot/review/text_table.h"

#include <algorithm>

namespace nagame::bot {
namespace {

size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;  // count code points, not bytes
  return n;
}

bool RightAligned(const TextTable& t, size_t column) {
  return column < t.right_aligned.size() && t.right_aligned[column];
}

std::string MarkdownCell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

void AppendMarkdownRow(const std::vector<std::string>& cells, std::string* out) {
  *out += '|';
  for (const std::string& c : cells) *out += " " + MarkdownCell(c) + " |";
  *out += '\n';
}

}  // namespace

std::string RenderPlain(const TextTable& t) {
  std::vector<size_t> widths(t.header.size(), 0);
  auto measure = [&widths](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], Width(cells[i]));
  };
  measure(t.header);
  for (const auto& r : t.rows) measure(r);
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    std::string l;
    for (size_t i = 0; i < cells.size() && i < widths.size(); ++i) {
      const std::string pad(widths[i] - Width(cells[i]), ' ');
      if (i > 0) l += "  ";
      l += RightAligned(t, i) ? pad + cells[i] : cells[i] + pad;
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + '\n';
  };
  line(t.header);
  for (const auto& r : t.rows) line(r);
  return out;
}

std::string RenderMarkdownTable(const TextTable& t) {
  std::string out;
  AppendMarkdownRow(t.header, &out);
  out += '|';
  for (size_t i = 0; i < t.header.size(); ++i) out += RightAligned(t, i) ? " ---: |" : " --- |";
  out += '\n';
  for (const auto& r : t.rows) AppendMarkdownRow(r, &out);
  return out;
}

}  // namespace nagame::bot

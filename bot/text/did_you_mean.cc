// Edit distance and closest-name ranking.
#include "bot/text/did_you_mean.h"

#include <algorithm>
#include <cctype>

namespace nagame::bot {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      const size_t next = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.size()];
}

std::vector<std::string> ClosestNames(std::string_view typed,
                                      const std::vector<std::string>& candidates, size_t max) {
  if (typed.empty()) return {};
  const size_t limit = std::max<size_t>(2, typed.size() / 3);
  std::vector<std::pair<size_t, std::string>> scored;
  for (const std::string& name : candidates) {
    size_t score = EditDistance(typed, name);
    // Long names typed partly: compare with the name's prefix near the typed length.
    if (name.size() > typed.size() + 2) {
      for (size_t len = typed.size() > 1 ? typed.size() - 1 : 1; len <= typed.size() + 2; ++len) {
        score = std::min(score, EditDistance(typed, name.substr(0, len)) + 1);
      }
    }
    if (score <= limit) scored.emplace_back(score, name);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && out.size() < max; ++i) {
    if (std::find(out.begin(), out.end(), scored[i].second) == out.end()) {
      out.push_back(scored[i].second);
    }
  }
  return out;
}

std::string JoinAlternatives(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace nagame::bot

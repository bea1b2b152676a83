// "Did you mean": edit distance between what someone typed and the words or names we know.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nagame::bot {

// Levenshtein distance (insert, delete, substitute, each 1), ASCII case-insensitive.
size_t EditDistance(std::string_view a, std::string_view b);

// Up to `max` of `candidates` closest to `typed`, best first (ties by name). A candidate is
// close when its distance to `typed`, or to `typed` extended to the candidate's prefix
// ("PodRestartHigh" vs "PodRestartsHighCritical" compares with "PodRestartsHigh" plus one), is
// at most max(2, |typed| / 3). Returns nothing for an empty `typed`.
std::vector<std::string> ClosestNames(std::string_view typed,
                                      const std::vector<std::string>& candidates, size_t max = 3);

// "A", "A or B", "A, B or C".
std::string JoinAlternatives(const std::vector<std::string>& names);

}  // namespace nagame::bot

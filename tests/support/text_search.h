// Plain-text searches for tests that check rendered pages and messages.
#pragma once

#include <cstddef>
#include <string>

namespace nagame::testing {

// How many times `what` occurs in `text` (overlapping occurrences counted).
size_t Count(const std::string& text, const std::string& what);

// The text from the first `open` at or after `from` up to (not including) the next `close`;
// to the end when no `close` follows; empty when there is no `open`.
std::string Between(const std::string& text, const std::string& open, const std::string& close,
                    size_t from = 0);

}  // namespace nagame::testing

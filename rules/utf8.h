// UTF-8 encoding of code points, shared by the readers of escaped text (PromQL strings, YAML
// scalars).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace nagame::rules {

// Appends the UTF-8 encoding of `code_point` (1 to 4 bytes) to `out`. No other check is made:
// callers reject what their syntax does not allow.
// REQUIRES: code_point <= 0x10FFFF.
void AppendUtf8(uint32_t code_point, std::string& out);

// The length (1 to 4) of the well-formed UTF-8 sequence starting at s[i], or 0 if none starts
// there (overlong forms, surrogates and code points past U+10FFFF are not well-formed).
// REQUIRES: i < s.size().
size_t Utf8SequenceLength(std::string_view s, size_t i);

// True if all of `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

}  // namespace nagame::rules

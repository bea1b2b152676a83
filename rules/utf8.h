// UTF-8 encoding of code points, shared by the readers of escaped text (PromQL strings, YAML
// scalars).
#pragma once

#include <cstdint>
#include <string>

namespace nagame::rules {

// Appends the UTF-8 encoding of `code_point` (1 to 4 bytes) to `out`. No other check is made:
// callers reject what their syntax does not allow.
// REQUIRES: code_point <= 0x10FFFF.
void AppendUtf8(uint32_t code_point, std::string& out);

}  // namespace nagame::rules

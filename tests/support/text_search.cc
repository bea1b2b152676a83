// Count and Between.
#include "tests/support/text_search.h"

namespace nagame::testing {

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string Between(const std::string& text, const std::string& open, const std::string& close,
                    size_t from) {
  const size_t a = text.find(open, from);
  if (a == std::string::npos) return "";
  const size_t b = text.find(close, a);
  return text.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

}  // namespace nagame::testing

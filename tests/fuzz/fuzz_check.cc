// The fuzz targets' invariant checks and input reader.
#include "tests/fuzz/fuzz_check.h"

#include <cctype>
#include <cstdio>

namespace nagame::fuzz {
namespace {

// "12:7:" at the start of `text`: two positive integers each followed by ':'.
bool StartsWithLineColumn(std::string_view text) {
  for (int part = 0; part < 2; ++part) {
    size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
      ++digits;
    }
    if (digits == 0 || digits == text.size() || text[digits] != ':') return false;
    if (text.substr(0, digits) == std::string(digits, '0')) return false;  // 1-based
    text.remove_prefix(digits + 1);
  }
  return true;
}

}  // namespace

void Fail(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "invariant broken: %.*s\n%.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  __builtin_trap();
}

void CheckLocatedError(const Status& status, Code want, std::string_view origin,
                       bool position_in_message) {
  const std::string& message = status.message();
  Check(status.code() == want, "error has the wrong code", status.ToString());
  Check(!message.empty(), "error without a message", status.ToString());
  if (!position_in_message) {
    Check(!status.field().empty(), "error names no field", status.ToString());
    return;
  }
  if (origin.empty()) {
    Check(StartsWithLineColumn(message), "error has no line:column", message);
    return;
  }
  // Every line of a multi-problem message: "<origin>:<line>:<column>: …".
  std::string_view rest = message;
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    Check(line.substr(0, origin.size()) == origin && line.size() > origin.size() &&
              line[origin.size()] == ':' && StartsWithLineColumn(line.substr(origin.size() + 1)),
          "error line has no <origin>:<line>:<column>", message);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
}

uint8_t Input::Byte() {
  if (rest_.empty()) return 0;
  uint8_t b = static_cast<uint8_t>(rest_.front());
  rest_.remove_prefix(1);
  return b;
}

std::string_view Input::Line() {
  size_t end = rest_.find('\n');
  std::string_view line = rest_.substr(0, end);
  rest_ = end == std::string_view::npos ? std::string_view() : rest_.substr(end + 1);
  return line;
}

}  // namespace nagame::fuzz

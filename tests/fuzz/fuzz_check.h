// What every fuzz target asserts with, and how it reads its input. A broken invariant prints
// what broke to stderr and traps, so libFuzzer keeps the input as a crash
// (tests/fuzz/README.md says how to replay one).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "rules/status.h"

namespace nagame::fuzz {

// Prints "invariant broken: <what>\n<detail>" and traps. Never returns.
[[noreturn]] void Fail(std::string_view what, std::string_view detail = {});

// Fail(what, detail) unless `ok`.
inline void Check(bool ok, std::string_view what, std::string_view detail = {}) {
  if (!ok) Fail(what, detail);
}

// An error from a parser of untrusted input: code `want`, a message, and where the problem
// is — a non-empty field(), or, when `position_in_message`, a message starting with
// "<line>:<column>:" (or naming "<origin>:<line>:<column>:" when `origin` is not empty).
void CheckLocatedError(const Status& status, Code want, std::string_view origin = {},
                       bool position_in_message = false);

// The fuzzer's bytes, consumed front to back.
class Input {
 public:
  Input(const uint8_t* data, size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}

  // The next byte, or 0 when none is left.
  uint8_t Byte();
  // The text up to the next '\n' (consumed, not returned), or everything left.
  std::string_view Line();
  // Everything not yet consumed.
  std::string_view Rest() const { return rest_; }
  bool empty() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

}  // namespace nagame::fuzz

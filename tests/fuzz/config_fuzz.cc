// Fuzz target: the config file (bot/config.h ParseConfig) on any YAML text, with `${ENV}`
// expansion from the variables set below (the dictionary names them).
//
// Invariants: an error is kInvalidArgument whose every line starts
// "<origin>:<line>:<column>:" (a YAML syntax error has no key path: the position names it); an
// accepted config parses the same way twice and its redacted summary is JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "bot/config.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("NAGAME_FUZZ_SECRET", "fuzz-secret-8d41c7a2", 1);
  setenv("NAGAME_FUZZ_URL", "https://hooks.example.com/x", 1);
  setenv("NAGAME_FUZZ_EMPTY", "", 1);
  setenv("NAGAME_FUZZ_NUMBER", "8080", 1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nagame;
  using namespace nagame::fuzz;
  // A directory that does not exist: relative `*_file` and rule_files paths resolve nowhere.
  constexpr std::string_view kOrigin = "/nonexistent-nagame-fuzz/nagame.yaml";
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = bot::ParseConfig(text, kOrigin);
  if (!config.ok()) {
    CheckLocatedError(config.status(), Code::kInvalidArgument, kOrigin, true);
    return 0;
  }
  const std::string summary = bot::RedactedSummary(*config);
  Check(nlohmann::json::accept(summary), "the redacted summary is JSON", summary);
  auto again = bot::ParseConfig(text, kOrigin);
  Check(again.ok() && bot::RedactedSummary(*again) == summary, "parsing is deterministic");
  return 0;
}

// Fuzz target: the Prometheus and Alertmanager API answers the review reads
// (bot/upstream/): /api/v1/rules, /api/v1/label/…/values, /api/v1/query_range and
// /api/v2/silences, and both error texts. The first byte picks the answer; the rest is the
// body, read as JSON the way GetJson reads it.
//
// Invariants: a body that is not JSON is refused by the JSON reader with a message; an answer
// is decoded or refused with kUnavailable "GET <path>: …" saying what is wrong; decoding is
// deterministic.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "bot/sources/json_input.h"
#include "bot/upstream/alertmanager_client.h"
#include "bot/upstream/json_api.h"
#include "bot/upstream/prometheus_client.h"
#include "tests/fuzz/fuzz_check.h"

namespace nagame::fuzz {
namespace {

// A refused answer: kUnavailable, naming the request and then the problem.
template <typename T>
void CheckRefusal(const Result<T>& answer, std::string_view target) {
  if (answer.ok()) return;
  const std::string name = bot::RequestName(target) + ": ";
  const Status status = answer.status();  // a copy: Result::status() returns by value
  const std::string& message = status.message();
  Check(status.code() == Code::kUnavailable, "a refused answer is kUnavailable", status.ToString());
  Check(message.starts_with(name) && message.size() > name.size(),
        "a refused answer names the request and the problem", message);
}

}  // namespace
}  // namespace nagame::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nagame;
  using namespace nagame::fuzz;
  Input in(data, size);
  const uint8_t pick = in.Byte();
  auto body = bot::json_input::Parse(in.Rest());
  if (!body.ok()) {
    Check(!body.status().message().empty(), "a JSON error says what is wrong");
    return 0;
  }
  switch (pick % 4) {
    case 0: {
      constexpr std::string_view kTarget = "/api/v1/rules?type=alert";
      auto rules = bot::ParseRulesAnswer(*body, kTarget);
      CheckRefusal(rules, kTarget);
      auto again = bot::ParseRulesAnswer(*body, kTarget);
      Check(rules.ok() == again.ok() && (!rules.ok() || rules->size() == again->size()),
            "decoding is deterministic");
      break;
    }
    case 1: {
      constexpr std::string_view kTarget = "/api/v1/label/__name__/values";
      auto values = bot::ParseLabelValuesAnswer(*body, kTarget);
      CheckRefusal(values, kTarget);
      if (values.ok()) {
        auto again = bot::ParseLabelValuesAnswer(*body, kTarget);
        Check(again.ok() && *again == *values, "decoding is deterministic");
      }
      break;
    }
    case 2: {
      constexpr std::string_view kTarget = "/api/v1/query_range?query=up";
      auto series = bot::ParseQueryRangeAnswer(*body, kTarget);
      CheckRefusal(series, kTarget);
      break;
    }
    default: {
      auto silences = bot::ParseSilencesAnswer(*body);
      CheckRefusal(silences, "/api/v2/silences");
      break;
    }
  }
  (void)bot::PrometheusErrorText(*body);
  (void)bot::AlertmanagerErrorText(*body);
  return 0;
}

// Fuzz target: what people and HTTP clients write for the review — query strings and form
// bodies (bot/http/query.h), review windows ("7d", "2026-W47", RFC 3339 bounds;
// bot/review/window_spec.h) and times and durations (rules/time.h). The first byte picks the
// parser and the zone; the rest is the text (for bounds: "from\nto").
//
// Invariants: ParseQuery(EncodeQuery(m)) == m for a parsed query, PercentDecode undoes
// PercentEncode; a window runs forwards (from < to), an ISO week is named back as it was
// written and lasts 7 days give or take a DST hour; FormatRfc3339 of a parsed time parses to
// the same time; a parsed duration is not negative; every error is kInvalidArgument, and the
// window and query errors name their field.
#include <cstddef>
#include <cstdint>
#include <string>

#include "bot/http/query.h"
#include "bot/review/window_spec.h"
#include "bot/review/zone.h"
#include "tests/fuzz/fuzz_check.h"

namespace nagame::fuzz {
namespace {

const Time kNow = Time(std::chrono::seconds(1764462600));  // 2026-11-30T00:30:00Z

const bot::Zone& ZoneOf(uint8_t pick) {
  static const bot::Zone kZones[] = {*bot::Zone::Find("UTC"), *bot::Zone::Find("Asia/Tokyo"),
                                     *bot::Zone::Find("America/New_York"),
                                     *bot::Zone::Find("Australia/Lord_Howe")};
  return kZones[pick % std::size(kZones)];
}

void CheckWindow(const Result<rules::Window>& w, std::string_view text) {
  if (w.ok()) {
    Check(w->from < w->to, "a window runs forwards", text);
  } else {
    CheckLocatedError(w.status(), Code::kInvalidArgument);
  }
}

void FuzzQuery(std::string_view text) {
  auto target = bot::http::SplitTarget(text);
  Check(target.path.size() <= text.size() && target.query.size() <= text.size(),
        "a split target lies within the text");
  auto query = bot::http::ParseQuery(text);
  if (!query.ok()) {
    CheckLocatedError(query.status(), Code::kInvalidArgument);
    return;
  }
  auto again = bot::http::ParseQuery(bot::http::EncodeQuery(*query));
  Check(again.ok() && *again == *query, "EncodeQuery round-trips", text);
}

void FuzzPercent(std::string_view text) {
  const std::string encoded = bot::http::PercentEncode(text);
  for (bool plus : {false, true}) {
    auto decoded = bot::http::PercentDecode(encoded, plus);
    Check(decoded && *decoded == text, "PercentDecode undoes PercentEncode", text);
    (void)bot::http::PercentDecode(text, plus);
  }
}

void FuzzWeek(std::string_view text, const bot::Zone& zone) {
  auto w = bot::IsoWeekWindowOf(text, zone);
  if (!w.ok()) {
    Check(w.status().code() == Code::kInvalidArgument, "a bad week is kInvalidArgument");
    return;
  }
  std::string upper(text);
  for (char& c : upper) c = static_cast<char>(c == 'w' ? 'W' : c);
  Check(bot::IsoWeekName(w->from, zone) == upper, "a week is named as it was written", text);
  using std::chrono::hours;
  Check(w->length() >= hours(7 * 24 - 1) && w->length() <= hours(7 * 24 + 1),
        "a week lasts 7 days give or take a DST hour", text);
  (void)bot::WindowLabel(*w, zone);
}

void FuzzTime(std::string_view text) {
  auto t = ParseRfc3339(text);
  if (!t.ok()) {
    Check(t.status().code() == Code::kInvalidArgument, "a bad time is kInvalidArgument");
    return;
  }
  if (!*t) return;  // Go's zero time
  const std::string printed = FormatRfc3339(**t);
  auto again = ParseRfc3339(printed);
  Check(again.ok() && *again == *t, "FormatRfc3339 round-trips", printed);
}

void FuzzDuration(std::string_view text) {
  auto d = ParseDuration(text);
  if (d.ok()) {
    Check(*d >= Duration::zero(), "a parsed duration is not negative", text);
    (void)FormatDuration(*d);
  } else {
    Check(d.status().code() == Code::kInvalidArgument, "a bad duration is kInvalidArgument");
  }
  auto spec = ParseTimeSpec(text, kNow);
  Check(spec.ok() || spec.status().code() == Code::kInvalidArgument,
        "a bad time spec is kInvalidArgument");
}

}  // namespace
}  // namespace nagame::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nagame;
  using namespace nagame::fuzz;
  Input in(data, size);
  const uint8_t pick = in.Byte();
  const bot::Zone& zone = ZoneOf(pick >> 3);
  const std::string_view text = in.Rest();
  switch (pick % 7) {
    case 0:
      FuzzQuery(text);
      break;
    case 1:
      FuzzPercent(text);
      break;
    case 2:
      CheckWindow(bot::ParseWindowSpec(text, kNow, zone), text);
      break;
    case 3: {
      std::string_view from = in.Line();
      CheckWindow(bot::ParseWindowBounds(from, in.Rest(), kNow, zone), text);
      break;
    }
    case 4:
      FuzzWeek(text, zone);
      break;
    case 5:
      FuzzTime(text);
      break;
    default:
      FuzzDuration(text);
      break;
  }
  return 0;
}

// The meeting screen's watch charts (issue 16): each key chart the team looks at (restarts,
// latency, error rate, versions, cost) over the window with the window before overlaid, its
// threshold, and the watch findings marked on it — a fitted trend as a line, bursts as bands,
// a change as the two medians — each finding listed under its chart, improvements as such.
// Pure: every text is HTML-escaped here.
#pragma once

#include <string>
#include <vector>

#include "rules/check.h"

namespace nagame::bot::report {

// A <section> "Watch charts" with one chart per series of `watch` (in config order), or a line
// saying why a series could not be read; `findings` are the window's problems, of which those
// whose evidence names a series ("watch") are drawn and listed with it. Empty when `watch` is.
std::string WatchChartsSection(const rules::Window& window, const rules::ZoneClock& zone,
                               const std::vector<rules::WatchSeries>& watch,
                               const std::vector<rules::Problem>& findings);

}  // namespace nagame::bot::report

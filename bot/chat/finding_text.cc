// Text forms of inventory rows, findings and replays.
#include "bot/chat/finding_text.h"

namespace nagame::bot::chat {
namespace {

std::string Plural(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string EpisodesVersus(int64_t now, int64_t before) {
  return Plural(now, "episode", "episodes") + " (was " + std::to_string(before) + ")";
}

std::string InventoryLine(const rules::InventoryRow& row) {
  std::string out = row.rule + " (" + row.source;
  if (!row.severity.empty()) out += ", " + row.severity;
  if (!row.team.empty()) out += ", team=" + row.team;
  out += ") — " + EpisodesVersus(row.episodes, row.previous_episodes);
  if (row.episodes > 0) {
    out += " on " + Plural(row.instances, "instance", "instances") + ", median " +
           FormatDuration(row.median) + ", p90 " + FormatDuration(row.p90);
  }
  out += ", " + Plural(row.acks, "ack", "acks");
  if (row.actionable.n > 0) out += ", " + rules::FormatPrecision(row.actionable);
  if (!row.checks.empty()) {
    out += " ·";
    for (size_t i = 0; i < row.checks.size(); ++i) out += (i ? ", " : " ") + row.checks[i];
  }
  return out;
}

std::string ProblemLine(const rules::Problem& p) {
  std::string out = p.rule.empty() ? p.summary : p.rule + " — " + p.summary;
  if (!p.fix.text.empty()) out += ". Fix: " + p.fix.text;
  return out;
}

}  // namespace nagame::bot::chat

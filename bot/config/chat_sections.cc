// Config sections for chat: the platforms under `chat` (the registry says which names exist,
// and each platform reads its block) and the weekly `summary`.
#include <algorithm>
#include <array>
#include <cctype>

#include "bot/chat/platform.h"
#include "bot/config/sections.h"

namespace nagame::bot::config {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<WeeklyTime> ParseWeekly(std::string_view s) {
  static constexpr std::array<std::string_view, 7> kDays = {"sun", "mon", "tue", "wed",
                                                            "thu", "fri", "sat"};
  size_t space = s.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  std::string day = Lower(s.substr(0, space));
  std::string_view time = s.substr(space + 1);
  while (!time.empty() && time.front() == ' ') time.remove_prefix(1);
  WeeklyTime out;
  auto it = std::find(kDays.begin(), kDays.end(), day);
  if (it == kDays.end()) return std::nullopt;
  out.weekday = static_cast<int>(it - kDays.begin());
  if (time.size() != 5 || time[2] != ':') return std::nullopt;
  auto two = [](std::string_view t, int& v) {
    return std::isdigit(static_cast<unsigned char>(t[0])) &&
           std::isdigit(static_cast<unsigned char>(t[1])) &&
           (v = (t[0] - '0') * 10 + (t[1] - '0'), true);
  };
  if (!two(time.substr(0, 2), out.hour) || !two(time.substr(3, 2), out.minute) || out.hour > 23 ||
      out.minute > 59) {
    return std::nullopt;
  }
  return out;
}

}  // namespace

void LoadChat(Reader& reader, const Entry& section, Loaded& out) {
  const std::vector<std::string> names = chat::PlatformNames();
  auto blocks = reader.Map(section.value, section.where, &names, "chat platform");
  if (!blocks) return;
  for (const Entry& block : *blocks) {
    out.chat_blocks.insert(block.key);
    if (auto configured = chat::FindPlatform(block.key)->load(reader, block)) {
      out.config.chat[block.key] = std::move(configured);
    }
  }
}

void LoadSummary(Reader& reader, const Entry& e, Loaded& out) {
  static const std::vector<std::string> kKeys = {"schedule", "post_to"};
  auto entries = reader.Map(e.value, e.where, &kKeys);
  if (!entries) return;
  SummaryConfig& summary = out.config.summary;
  const Entry* schedule = Reader::Find(*entries, "schedule");
  if (schedule != nullptr) {
    if (auto s = reader.NonEmpty(*schedule)) {
      summary.weekly = ParseWeekly(s->value);
      if (summary.weekly) {
        summary.schedule = s->value;
      } else {
        reader.Add(schedule->where, "invalid schedule" + Reader::Shown(*s) +
                                        " (expected \"<day> HH:MM\", e.g. \"MON 09:30\")");
      }
    }
  }
  const Entry* post_to = Reader::Find(*entries, "post_to");
  if (post_to != nullptr) {
    auto items = reader.List(post_to->value, post_to->where);
    for (const auto& [node, where] : items.value_or(decltype(items)::value_type{})) {
      auto name = reader.Scalar(node, where, false);
      if (!name) continue;
      const chat::Platform* platform = chat::FindPlatform(name->value);
      if (platform == nullptr) {
        reader.Add(where, UnknownName("chat platform", name->value, name->showable,
                                      chat::PlatformNames(/*posting=*/true)));
      } else if (!platform->posts) {
        reader.Add(where, "chat." + name->value + " does not post messages");
      } else if (out.chat_blocks.count(name->value) == 0) {
        reader.Add(where, "chat." + name->value + " is not configured");
      } else if (std::find(summary.post_to.begin(), summary.post_to.end(), name->value) !=
                 summary.post_to.end()) {
        reader.Add(where, "listed twice");
      } else {
        summary.post_to.push_back(name->value);
      }
    }
  }
  if (schedule != nullptr && (post_to == nullptr || summary.post_to.empty()) && summary.weekly) {
    reader.Add(schedule->where, "a schedule needs post_to (where to post the summary)");
  }
}

}  // namespace nagame::bot::config

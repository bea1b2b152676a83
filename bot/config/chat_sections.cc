// Config sections for chat: the platforms under `chat` and the weekly `summary`.
#include <algorithm>
#include <array>
#include <cctype>

#include "bot/config/sections.h"
#include "bot/text/did_you_mean.h"

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

void LoadSlack(Reader& reader, const Entry& e, Loaded& out) {
  static const std::vector<std::string> kKeys = {
      "signing_secret", "signing_secret_file", "bot_token",       "bot_token_file",
      "channel",        "webhook_url",         "webhook_url_file"};
  auto entries = reader.Map(e.value, e.where, &kKeys);
  if (!entries) return;
  SlackConfig slack;
  slack.signing_secret = reader.ReadSecret(*entries, "signing_secret").value;
  Secret bot_token = reader.ReadSecret(*entries, "bot_token");
  slack.bot_token = bot_token.value;
  if (const Entry* c = Reader::Find(*entries, "channel")) {
    if (auto s = reader.String(*c)) slack.channel = *s;
  } else if (bot_token.present) {
    reader.Add(e.where, "channel is required with bot_token");
  }
  slack.webhook_url = reader.SecretUrl(*entries, "webhook_url");
  if (entries->empty()) reader.Add(e.where, "set signing_secret, bot_token or webhook_url");
  out.config.chat.slack = std::move(slack);
}

void LoadMattermost(Reader& reader, const Entry& e, Loaded& out) {
  static const std::vector<std::string> kKeys = {"token", "token_file", "webhook_url",
                                                 "webhook_url_file"};
  auto entries = reader.Map(e.value, e.where, &kKeys);
  if (!entries) return;
  MattermostConfig mm;
  mm.token = reader.ReadSecret(*entries, "token").value;
  mm.webhook_url = reader.SecretUrl(*entries, "webhook_url");
  if (entries->empty()) reader.Add(e.where, "set token or webhook_url");
  out.config.chat.mattermost = std::move(mm);
}

void LoadTeams(Reader& reader, const Entry& e, Loaded& out) {
  static const std::vector<std::string> kKeys = {"outgoing_secret", "outgoing_secret_file",
                                                 "workflow_url", "workflow_url_file"};
  auto entries = reader.Map(e.value, e.where, &kKeys);
  if (!entries) return;
  TeamsConfig teams;
  teams.outgoing_secret = reader.ReadSecret(*entries, "outgoing_secret").value;
  teams.workflow_url = reader.SecretUrl(*entries, "workflow_url");
  if (entries->empty()) reader.Add(e.where, "set outgoing_secret or workflow_url");
  out.config.chat.teams = std::move(teams);
}

void LoadGenericWebhook(Reader& reader, const Entry& e, Loaded& out) {
  static const std::vector<std::string> kKeys = {"webhook_url", "webhook_url_file", "bearer_token",
                                                 "bearer_token_file"};
  auto entries = reader.Map(e.value, e.where, &kKeys);
  if (!entries) return;
  GenericWebhookConfig generic;
  generic.webhook_url = reader.SecretUrl(*entries, "webhook_url");
  generic.bearer_token = reader.ReadSecret(*entries, "bearer_token").value;
  if (Reader::Find(*entries, "webhook_url") == nullptr &&
      Reader::Find(*entries, "webhook_url_file") == nullptr) {
    reader.Add(e.where, "webhook_url is required");
  }
  out.config.chat.generic = std::move(generic);
}

}  // namespace

void LoadChat(Reader& reader, const Entry& e, Loaded& out) {
  static const std::vector<std::string> kKeys = {"slack", "mattermost", "teams", "generic"};
  auto entries = reader.Map(e.value, e.where, &kKeys, "chat platform");
  if (!entries) return;
  for (const Entry& p : *entries) {
    if (p.key == "slack") LoadSlack(reader, p, out);
    if (p.key == "mattermost") LoadMattermost(reader, p, out);
    if (p.key == "teams") LoadTeams(reader, p, out);
    if (p.key == "generic") LoadGenericWebhook(reader, p, out);
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
      static const std::vector<std::string> kPlatforms = {"slack", "mattermost", "teams",
                                                          "generic"};
      bool configured = (name->value == "slack" && out.config.chat.slack) ||
                        (name->value == "mattermost" && out.config.chat.mattermost) ||
                        (name->value == "teams" && out.config.chat.teams) ||
                        (name->value == "generic" && out.config.chat.generic);
      if (std::find(kPlatforms.begin(), kPlatforms.end(), name->value) == kPlatforms.end()) {
        reader.Add(where, UnknownName("chat platform", name->value, name->showable, kPlatforms));
      } else if (!configured) {
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

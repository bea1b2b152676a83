// Summary destinations from the config, and each one's body.
#include "bot/chat/destination.h"

#include <nlohmann/json.hpp>

#include "bot/chat/mattermost_render.h"
#include "bot/chat/slack_render.h"
#include "bot/chat/teams_render.h"

namespace nagame::bot::chat {
namespace {

using nlohmann::json;

json GenericBody(const Answer& a) {
  json sections = json::array();
  for (const Section& s : a.sections) {
    json fields = json::array();
    for (const Field& f : s.fields) fields.push_back({{"label", f.label}, {"value", f.value}});
    sections.push_back({{"heading", s.heading}, {"lines", s.lines}, {"fields", fields}});
  }
  return {{"title", a.title}, {"text", PlainText(a)}, {"sections", sections}, {"link", a.link}};
}

}  // namespace

std::vector<Destination> SummaryDestinations(const Config& config) {
  std::vector<Destination> out;
  for (const std::string& name : config.summary.post_to) {
    Destination d;
    d.name = name;
    if (name == "slack" && config.chat.slack) {
      const SlackConfig& s = *config.chat.slack;
      if (!s.bot_token.empty() && !s.channel.empty()) {
        d.kind = Destination::Kind::kSlackBot;
        d.url = kSlackPostMessageUrl;
        d.bearer_token = s.bot_token;
        d.channel = s.channel;
      } else {
        d.kind = Destination::Kind::kSlackWebhook;
        d.url = s.webhook_url;
      }
    } else if (name == "mattermost" && config.chat.mattermost) {
      d.kind = Destination::Kind::kMattermostWebhook;
      d.url = config.chat.mattermost->webhook_url;
    } else if (name == "teams" && config.chat.teams) {
      d.kind = Destination::Kind::kTeamsWorkflow;
      d.url = config.chat.teams->workflow_url;
    } else if (name == "generic" && config.chat.generic) {
      d.kind = Destination::Kind::kGenericJson;
      d.url = config.chat.generic->webhook_url;
      d.bearer_token = config.chat.generic->bearer_token;
    }
    if (!d.url.empty()) out.push_back(std::move(d));
  }
  return out;
}

std::string RenderForDestination(const Answer& answer, const Destination& d) {
  // Invalid UTF-8 in rule names or notes is replaced, never thrown.
  auto dump = [](const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); };
  switch (d.kind) {
    case Destination::Kind::kSlackWebhook:
      return dump(RenderSlackMessage(answer));
    case Destination::Kind::kSlackBot: {
      json body = RenderSlackMessage(answer);
      body["channel"] = d.channel;
      return dump(body);
    }
    case Destination::Kind::kMattermostWebhook:
      return dump(RenderMattermostMessage(answer));
    case Destination::Kind::kTeamsWorkflow:
      return dump(RenderTeamsCard(answer));
    case Destination::Kind::kGenericJson:
    default:
      return dump(GenericBody(answer));
  }
}

}  // namespace nagame::bot::chat

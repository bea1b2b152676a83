// The table of chat platforms: one line per platform.
#include "bot/chat/generic/generic_platform.h"
#include "bot/chat/mattermost/mattermost_platform.h"
#include "bot/chat/platform.h"
#include "bot/chat/slack/slack_platform.h"
#include "bot/chat/teams/teams_platform.h"

namespace nagame::bot::chat {

const std::vector<Platform>& AllPlatforms() {
  static const std::vector<Platform> kPlatforms = {
      SlackPlatform(),
      MattermostPlatform(),
      TeamsPlatform(),
      GenericWebhookPlatform(),
  };
  return kPlatforms;
}

const Platform* FindPlatform(std::string_view name) {
  for (const Platform& p : AllPlatforms()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::vector<std::string> PlatformNames(bool posting) {
  std::vector<std::string> names;
  for (const Platform& p : AllPlatforms()) {
    if (p.posts || !posting) names.emplace_back(p.name);
  }
  return names;
}

}  // namespace nagame::bot::chat

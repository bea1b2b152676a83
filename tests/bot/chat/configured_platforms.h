// Chat platforms as `nagame serve` configures them: from the YAML of a `chat:` section, read by
// each platform's own loader.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "bot/chat/platform.h"
#include "bot/config.h"

namespace nagame::testing {

using ConfiguredPlatforms =
    std::map<std::string, std::shared_ptr<const bot::chat::ConfiguredPlatform>>;

// The platforms of `chat_yaml`, the body of a `chat:` section ("slack: {signing_secret: s}").
// A config error fails the test and yields none.
inline ConfiguredPlatforms PlatformsFrom(const std::string& chat_yaml) {
  std::string yaml = "chat:\n";
  std::istringstream lines(chat_yaml);
  for (std::string line; std::getline(lines, line);) yaml += "  " + line + "\n";
  auto config = bot::ParseConfig(yaml, "chat.yaml");
  EXPECT_TRUE(config.ok()) << config.status().message();
  return config.ok() ? config->chat : ConfiguredPlatforms{};
}

// The summary destination of the one platform in `platform_yaml` ("slack: {webhook_url: …}"),
// or nullopt (and a failed test) when it has none.
inline std::optional<bot::chat::Destination> DestinationOf(const std::string& platform_yaml) {
  ConfiguredPlatforms platforms = PlatformsFrom(platform_yaml);
  EXPECT_EQ(platforms.size(), 1u) << platform_yaml;
  if (platforms.size() != 1) return std::nullopt;
  auto destination = platforms.begin()->second->SummaryDestination();
  EXPECT_TRUE(destination) << platform_yaml;
  return destination;
}

}  // namespace nagame::testing

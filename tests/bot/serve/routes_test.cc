// The route table of `nagame serve`: every row adds to a Router (no "route_invalid" at
// startup), webhooks take POST and PUT, and each registered chat platform's endpoints are
// there whether or not it is configured.
#include "bot/serve/routes.h"

#include <gtest/gtest.h>

#include "bot/chat/platform.h"

namespace nagame::bot {
namespace {

using boost::beast::http::verb;
using Kind = http::RouteMatch::Kind;

TEST(ServeRoutes, TheTableIsValidAndComplete) {
  auto config = ParseConfig("chat: {mattermost: {token: t}}\n", "nagame.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  chat::ChatService chat(*config, nullptr, nullptr);
  Metrics metrics;
  const std::vector<http::Route> routes =
      ServeRoutes({.config = &*config, .metrics = &metrics, .chat = &chat});
  http::Router router;
  for (const http::Route& r : routes) {
    EXPECT_TRUE(router.Add(r.verb, r.pattern, r.handler).ok()) << r.pattern;
  }
  for (const char* source : {"alertmanager", "grafana"}) {
    const std::string path = std::string("/webhooks/") + source;
    EXPECT_EQ(router.Find(verb::post, path).kind, Kind::kFound) << path;
    EXPECT_EQ(router.Find(verb::put, path).kind, Kind::kFound) << path;
    EXPECT_EQ(router.Find(verb::get, path).kind, Kind::kMethodNotAllowed) << path;
  }
  for (const char* path :
       {"/api/v1/episodes", "/healthz", "/readyz", "/metrics", "/report", "/report/2026-W48",
        "/review", "/review/2026-W47", "/api/v1/rules/PodRestartsHigh"}) {
    EXPECT_EQ(router.Find(verb::get, path).kind, Kind::kFound) << path;
  }
  EXPECT_EQ(router.Find(verb::post, "/review/2026-W47/record").kind, Kind::kFound);
  size_t chat_endpoints = 0;
  for (const chat::Platform& platform : chat::AllPlatforms()) {
    for (std::string_view endpoint : platform.endpoints) {
      const std::string path = "/chat/" + std::string(platform.name) + "/" + std::string(endpoint);
      EXPECT_EQ(router.Find(verb::post, path).kind, Kind::kFound) << path;
      ++chat_endpoints;
    }
  }
  EXPECT_EQ(chat_endpoints, 4u);  // slack ×2, mattermost, teams
  EXPECT_EQ(router.Find(verb::post, "/chat/generic/commands").kind, Kind::kNotFound);
}

}  // namespace
}  // namespace nagame::bot

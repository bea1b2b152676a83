// Summary destinations from the configured platforms.
#include "bot/chat/destination.h"

#include <nlohmann/json.hpp>

#include "bot/chat/platform.h"

namespace nagame::bot::chat {

std::vector<Destination> SummaryDestinations(const Config& config) {
  std::vector<Destination> out;
  for (const std::string& name : config.summary.post_to) {
    auto it = config.chat.find(name);
    if (it == config.chat.end()) continue;
    if (std::optional<Destination> d = it->second->SummaryDestination()) out.push_back(*d);
  }
  return out;
}

std::string DumpJson(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace nagame::bot::chat

// The table of webhook sources: one line per source.
#include "bot/sources/alertmanager.h"
#include "bot/sources/source.h"

namespace nagame::bot {

const std::vector<Source>& AllSources() {
  static const std::vector<Source> kSources = {
      {"alertmanager", &ParseAlertmanagerWebhook},
  };
  return kSources;
}

const Source* FindSource(std::string_view name) {
  for (const Source& s : AllSources()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace nagame::bot

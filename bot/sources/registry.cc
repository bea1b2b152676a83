// The table of webhook sources: one line per source.
#include "bot/sources/alertmanager.h"
#include "bot/sources/azure.h"
#include "bot/sources/generic.h"
#include "bot/sources/grafana.h"
#include "bot/sources/newrelic.h"
#include "bot/sources/pagerduty.h"
#include "bot/sources/source.h"

namespace nagame::bot {

const std::vector<Source>& AllSources() {
  static const std::vector<Source> kSources = {
      {"alertmanager", &LoadAlertmanagerSource},
      {"grafana", &LoadGrafanaSource},
      {"azure", &LoadAzureSource},
      {"generic", &LoadGenericSource},
      {"newrelic", &LoadNewRelicSource},
      {"pagerduty", &LoadPagerDutySource},
  };
  return kSources;
}

const Source* FindSource(std::string_view name) {
  for (const Source& s : AllSources()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::vector<std::string> SourceNames() {
  std::vector<std::string> names;
  for (const Source& s : AllSources()) names.emplace_back(s.name);
  return names;
}

}  // namespace nagame::bot

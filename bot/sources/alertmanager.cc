// The Alertmanager source: webhook_config deliveries, "version": "4" (formats.md §1).
#include "bot/sources/alertmanager.h"

#include "bot/sources/alert_list.h"
#include "bot/sources/credentialed_source.h"

namespace nagame::bot {

Result<rules::Delivery> ParseAlertmanagerWebhook(std::string_view body, Time received_at) {
  return ParseAlertList(body, received_at, {.source = "alertmanager", .version = "4"});
}

std::shared_ptr<const ConfiguredSource> LoadAlertmanagerSource(config::Reader& reader,
                                                               const config::Entry& block) {
  return LoadCredentialedSource(reader, block, &ParseAlertmanagerWebhook);
}

}  // namespace nagame::bot

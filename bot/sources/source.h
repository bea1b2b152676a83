// A webhook source: turns the raw body of one delivery from an alerting system into a
// normalised rules::Delivery. Each source is one file plus one line in registry.cc.
#pragma once

#include <string_view>
#include <vector>

#include "rules/alert_event.h"
#include "rules/status.h"
#include "rules/time.h"

namespace nagame::bot {

struct Source {
  std::string_view name;  // the {source} in POST /webhooks/{source}, e.g. "alertmanager"
  // Parses one delivery. Pure and thread-safe. Errors: kInvalidArgument naming the field.
  Result<rules::Delivery> (*parse)(std::string_view body, Time received_at);
};

// The source registered under `name`, or nullptr.
const Source* FindSource(std::string_view name);

// Every registered source, in registration order.
const std::vector<Source>& AllSources();

}  // namespace nagame::bot

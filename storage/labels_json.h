// Labels and annotations as the store keeps them: one JSON object of strings per column.
#pragma once

#include <string>
#include <string_view>

#include "rules/alert_event.h"

namespace nagame::storage {

// `labels` as a compact JSON object (nlohmann's dump: no spaces, keys in map order). Invalid
// UTF-8 is replaced rather than thrown on: a label never makes a delivery fail here.
std::string LabelsToJson(const rules::Labels& labels);

// Decodes a JSON object whose values are all strings into `*out` (cleared first). Returns
// false for anything else (not JSON, not an object, a value that is not a string); `*out` is
// then unspecified. What LabelsToJson writes (printable ASCII, no duplicate keys) is read by a
// direct scan; any other text goes through nlohmann's parser, so both give the same answer.
// REQUIRES: out != nullptr.
bool LabelsFromJson(std::string_view text, rules::Labels* out);

}  // namespace nagame::storage

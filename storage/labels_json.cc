// Labels as JSON: nlohmann for writing and for unusual text, a direct scan for the usual.
#include "storage/labels_json.h"

#include <nlohmann/json.hpp>

#include <optional>

namespace nagame::storage {
namespace {

// Reads one JSON string starting after its opening quote at text[*pos]; on success *pos is
// past the closing quote. nullopt for what the scan leaves to nlohmann: a \u escape, a byte
// outside printable ASCII, a bad escape, or no closing quote.
std::optional<std::string> ScanString(std::string_view text, size_t* pos) {
  std::string out;
  for (size_t i = *pos; i < text.size(); ++i) {
    // The plain run up to the next quote or backslash, appended at once.
    size_t end = i;
    while (end < text.size() && text[end] != '"' && text[end] != '\\') {
      if (text[end] < 0x20 || text[end] > 0x7e) return std::nullopt;
      ++end;
    }
    out.append(text.data() + i, end - i);
    i = end;
    if (i == text.size()) return std::nullopt;
    if (text[i] == '"') {
      *pos = i + 1;
      return out;
    }
    if (++i == text.size()) return std::nullopt;
    // JSON's one-character escapes, as pairs: escape letter, the byte it stands for. Anything
    // else (\u…, or invalid) is left to nlohmann.
    static constexpr std::string_view kEscapes = "\"\"\\\\//b\bf\fn\nr\rt\t";
    size_t k = 0;
    while (k < kEscapes.size() && kEscapes[k] != text[i]) k += 2;
    if (k >= kEscapes.size()) return std::nullopt;
    out += kEscapes[k + 1];
  }
  return std::nullopt;
}

// The compact form LabelsToJson writes: {"k":"v",…} with nothing around it. nullopt ("not
// sure") for anything else, including duplicate keys.
std::optional<rules::Labels> ScanCompactObject(std::string_view text) {
  rules::Labels out;
  size_t pos = 0;
  auto expect = [&](char c) {
    if (pos >= text.size() || text[pos] != c) return false;
    ++pos;
    return true;
  };
  if (!expect('{')) return std::nullopt;
  if (expect('}')) return pos == text.size() ? std::optional(std::move(out)) : std::nullopt;
  do {
    if (!expect('"')) return std::nullopt;
    std::optional<std::string> name = ScanString(text, &pos);
    if (!name || !expect(':') || !expect('"')) return std::nullopt;
    std::optional<std::string> value = ScanString(text, &pos);
    if (!value || !out.emplace(std::move(*name), std::move(*value)).second) return std::nullopt;
  } while (expect(','));
  if (!expect('}') || pos != text.size()) return std::nullopt;
  return out;
}

}  // namespace

std::string LabelsToJson(const rules::Labels& labels) {
  return nlohmann::json(labels).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool LabelsFromJson(std::string_view text, rules::Labels* out) {
  if (std::optional<rules::Labels> scanned = ScanCompactObject(text)) {
    *out = std::move(*scanned);
    return true;
  }
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return false;
  out->clear();
  for (auto& [name, value] : j.items()) {
    if (!value.is_string()) return false;
    out->emplace(name, value.get<std::string>());
  }
  return true;
}

}  // namespace nagame::storage

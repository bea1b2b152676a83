// RFC 6901 JSON Pointers: parsed once (from config, where a malformed one is a config error)
// and resolved against untrusted documents without exceptions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "rules/status.h"

namespace nagame::bot {

class JsonPointer {
 public:
  JsonPointer() = default;  // "": the whole document

  // Parses "" (the whole document) or "/a/b~1c/0". Errors: kInvalidArgument when `text` is
  // neither empty nor starts with "/", or has a "~" not followed by "0" or "1".
  static Result<JsonPointer> Parse(std::string_view text);

  // The value this pointer names in `doc`, or nullptr when a step is missing: no such member,
  // an index that is not a decimal without leading zeros, out of range or "-", or a step into
  // a scalar. Never throws.
  const nlohmann::json* Find(const nlohmann::json& doc) const;

  const std::string& text() const { return text_; }
  bool whole_document() const { return tokens_.empty(); }

 private:
  std::string text_;
  std::vector<std::string> tokens_;  // unescaped reference tokens
};

// `token` escaped for use in a pointer: "~" → "~0", "/" → "~1".
std::string EscapeJsonPointerToken(std::string_view token);

}  // namespace nagame::bot

// RFC 6901 parsing and exception-free resolution.
#include "bot/sources/json_pointer.h"

#include <charconv>

#include <nlohmann/json.hpp>

namespace nagame::bot {
namespace {

// An array index per RFC 6901 §4: "0", or digits without a leading zero.
bool ArrayIndex(std::string_view token, size_t& index) {
  if (token.empty() || (token.size() > 1 && token[0] == '0')) return false;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
  return ec == std::errc() && end == token.data() + token.size();
}

}  // namespace

Result<JsonPointer> JsonPointer::Parse(std::string_view text) {
  JsonPointer p;
  p.text_ = std::string(text);
  if (text.empty()) return p;
  if (text[0] != '/') return InvalidArgument("a JSON pointer starts with \"/\" (RFC 6901)");
  std::string token;
  for (size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '/') {
      p.tokens_.push_back(std::move(token));
      token.clear();
    } else if (text[i] == '~') {
      char next = i + 1 < text.size() ? text[i + 1] : '\0';
      if (next != '0' && next != '1') {
        return InvalidArgument("in a JSON pointer \"~\" must be followed by 0 or 1 (RFC 6901)");
      }
      token += next == '0' ? '~' : '/';
      ++i;
    } else {
      token += text[i];
    }
  }
  return p;
}

const nlohmann::json* JsonPointer::Find(const nlohmann::json& doc) const {
  const nlohmann::json* at = &doc;
  for (const std::string& token : tokens_) {
    if (at->is_object()) {
      auto it = at->find(token);
      if (it == at->end()) return nullptr;
      at = &*it;
    } else if (at->is_array()) {
      size_t index = 0;
      if (!ArrayIndex(token, index) || index >= at->size()) return nullptr;
      at = &(*at)[index];
    } else {
      return nullptr;
    }
  }
  return at;
}

std::string EscapeJsonPointerToken(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace nagame::bot

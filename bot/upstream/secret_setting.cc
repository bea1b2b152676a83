// CurrentSecret: a credential's value now, from the environment (at load) or its file.
#include "bot/upstream/secret_setting.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace nagame::bot {

Result<std::string> CurrentSecret(const SecretSetting& setting, std::string_view key) {
  const std::string name(key);
  if (setting.file.empty()) {
    if (setting.value.empty()) return Unavailable(name + ": not configured");
    return setting.value;
  }
  const std::string where = name + "_file: ";
  std::ifstream in(setting.file, std::ios::binary);
  if (!in) return Unavailable(where + "cannot read " + setting.file + ": " + std::strerror(errno));
  std::string bytes(kMaxSecretBytes + 1, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<size_t>(in.gcount()));
  if (in.bad()) return Unavailable(where + "cannot read " + setting.file);
  if (bytes.size() > kMaxSecretBytes) {
    return Unavailable(where + setting.file + " is larger than " + std::to_string(kMaxSecretBytes) +
                       " bytes");
  }
  while (!bytes.empty() && (bytes.back() == '\n' || bytes.back() == '\r')) bytes.pop_back();
  if (bytes.empty()) return Unavailable(where + setting.file + " is empty");
  return bytes;
}

}  // namespace nagame::bot

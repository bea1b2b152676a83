// The `sources` section: the registry says which names exist, and each source reads its block.
#include "bot/config/sections.h"
#include "bot/sources/source.h"

namespace nagame::bot::config {

void LoadSources(Reader& reader, const Entry& section, Loaded& out) {
  const std::vector<std::string> names = SourceNames();
  auto blocks = reader.Map(section.value, section.where, &names, "source");
  if (!blocks) return;
  for (const Entry& block : *blocks) {
    if (auto configured = FindSource(block.key)->load(reader, block)) {
      out.config.sources[block.key] = std::move(configured);
    }
  }
}

}  // namespace nagame::bot::config

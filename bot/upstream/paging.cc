// FollowPages: the one pagination loop of the upstream readers.
#include "bot/upstream/paging.h"

#include <set>

namespace nagame::bot {

Status FollowPages(std::string_view request, const PageReader& read, size_t max_pages) {
  std::set<std::string> seen;
  std::string cursor;
  for (size_t page = 0; page < max_pages; ++page) {
    Result<std::optional<std::string>> next = read(cursor);
    if (!next.ok()) return next.status();
    if (!next->has_value() || (*next)->empty()) return Status::Ok();
    if (!seen.insert(**next).second) {
      return Unavailable(std::string(request) +
                         ": malformed answer: the next page's cursor repeats one already followed");
    }
    cursor = std::move(**next);
  }
  return Unavailable(std::string(request) + ": more than " + std::to_string(max_pages) + " pages");
}

}  // namespace nagame::bot

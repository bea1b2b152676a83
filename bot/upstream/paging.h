// Following a paginated API to its end (NerdGraph's nextCursor, Azure's nextLink), with the
// guards every reader needs: a page limit and a server that hands back a cursor it gave before.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "rules/status.h"

namespace nagame::bot {

// More pages than this is refused rather than followed (at 100–200 rules a page, far beyond
// any real rule list).
inline constexpr size_t kMaxPages = 500;

// Reads one page given its cursor ("" for the first) and returns the next page's cursor, or
// nullopt (or "") when it was the last.
using PageReader = std::function<Result<std::optional<std::string>>(const std::string& cursor)>;

// Calls `read` from the first page to the last. Returns the first error `read` returns, as it
// is; or kUnavailable "<request>: malformed answer: the next page's cursor repeats one already
// followed" when a server loops, or "<request>: more than <max_pages> pages" past the limit.
Status FollowPages(std::string_view request, const PageReader& read, size_t max_pages = kMaxPages);

}  // namespace nagame::bot

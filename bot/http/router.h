// The route table: {verb, path pattern, handler}, telling a match from 404 and from 405.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bot/http/handler.h"
#include "rules/status.h"

namespace nagame::bot::http {

// The outcome of Router::Find.
struct RouteMatch {
  enum class Kind {
    kFound,             // `handler` answers the request
    kNotFound,          // no pattern matches the path (404)
    kMethodNotAllowed,  // some pattern matches the path, none for this verb (405)
  };
  Kind kind = Kind::kNotFound;
  // kFound: the handler, owned by the Router. Null otherwise.
  const Handler* handler = nullptr;
  // kFound and kMethodNotAllowed: the pattern that matched, e.g. "/webhooks/{source}"; points
  // into the Router. Empty for kNotFound.
  std::string_view route;
  // kFound: the `{name}` segments of the pattern, percent-decoded ('+' stays '+').
  std::map<std::string, std::string> path_params;
  // kMethodNotAllowed: the value of the Allow header, e.g. "GET, HEAD, POST" (sorted).
  std::string allow;
};

// One row of a route table.
struct Route {
  beast::http::verb verb;
  std::string pattern;  // as Router::Add takes it: "/webhooks/{source}"
  Handler handler;
};

// Maps (verb, path) to a handler.
//
// Patterns are absolute paths whose segments are either literal ("api", "v1") or a parameter
// "{name}" (letters, digits, '_') that matches exactly one non-empty segment with valid
// percent-encoding. Matching is exact: no trailing-slash folding, no prefix matches, and
// literal segments compare with the still-encoded path.
//
// When several patterns match a path, the most specific wins: at the leftmost segment where
// they differ, a literal beats a parameter ("/rules/summary" beats "/rules/{name}"). The verb
// is chosen among patterns that have it, as Go's ServeMux does: a request is 405 only when no
// pattern matching its path has its verb, and Allow then lists the verbs of all of them.
//
// HEAD: a HEAD request is served by the pattern's HEAD handler if one was added, otherwise by
// its GET handler (the server then sends the headers without the body); Allow lists HEAD
// wherever GET is allowed.
//
// Thread safety: Add must not run concurrently with anything else. Once routes are added,
// Find is safe from any number of threads. The server holds the Router by reference: it must
// outlive the server.
class Router {
 public:
  // Registers `handler` for `verb` on `pattern`.
  // Errors (and the route is not added; the error is also logged, "http_route_invalid"):
  //   kInvalidArgument: `pattern` does not start with '/', has a '?', '#', '{' or '}' outside
  //     a whole "{name}" segment, an empty or repeated parameter name; or `handler` is empty.
  //   kFailedPrecondition: `verb` is already registered on the same pattern, or on one that
  //     differs only in parameter names ("/a/{x}" and "/a/{y}").
  [[nodiscard]] Status Add(beast::http::verb verb, std::string_view pattern, Handler handler);

  // Looks up `path` (a request target without its query string).
  RouteMatch Find(beast::http::verb verb, std::string_view path) const;

  // The registered patterns, in registration order (for docs and tests).
  std::vector<std::string> Patterns() const;

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool param = false;
  };
  struct Entry {
    std::string pattern;
    std::vector<Segment> segments;
    std::map<beast::http::verb, Handler> handlers;
  };

  // Returns true and fills `params` when `route` matches the split path.
  static bool Matches(const Entry& route, const std::vector<std::string_view>& parts,
                      std::map<std::string, std::string>* params);
  // True when `a` is more specific than `b` (both matching the same path).
  static bool MoreSpecific(const Entry& a, const Entry& b);

  std::vector<Entry> routes_;
};

}  // namespace nagame::bot::http

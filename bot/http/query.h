// Percent-encoding and query-string parsing for request targets and form bodies.
//
// Pure functions without I/O; thread-safe. Used by the HTTP server for the query string of
// every request, and usable for `application/x-www-form-urlencoded` bodies (Slack and
// Mattermost slash commands), which share the query-string syntax.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "rules/status.h"

namespace nagame::bot::http {

// Decoded query parameters. A key given more than once keeps its last value.
using QueryMap = std::map<std::string, std::string>;

// A request target ("/a/b?x=1#frag") split into its path and query, both still encoded.
struct TargetParts {
  std::string_view path;   // "/a/b"; the whole target when there is no '?'
  std::string_view query;  // "x=1"; empty when there is no '?'. A '#fragment' is dropped.
};

// Splits `target` at its first '?'. Views point into `target`.
TargetParts SplitTarget(std::string_view target);

// Decodes "%XX" escapes (hex digits in either case). When `plus_is_space`, '+' decodes to a
// space (query strings and form bodies); otherwise '+' stays '+' (path segments).
// Returns nullopt when a '%' is not followed by two hex digits ("%zz", "%4", a trailing "%").
// Decoded bytes are returned as they are: "%00" yields a NUL byte, and the result is not
// checked to be UTF-8.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// Encodes every byte except the RFC 3986 unreserved set (A-Z a-z 0-9 - . _ ~) as "%XX" with
// upper-case hex digits. The result is safe in a path segment, a query key and a query value.
std::string PercentEncode(std::string_view text);

// Parses "a=1&b=x%20y&flag&c=" into {a:"1", b:"x y", flag:"", c:""}: pairs are separated by
// '&', empty pairs are skipped, a pair without '=' has an empty value, keys and values are
// percent-decoded with '+' as space, and a repeated key keeps its last value.
// Also parses `application/x-www-form-urlencoded` bodies.
// Errors: kInvalidArgument (field "query") when a key or value has a malformed escape.
Result<QueryMap> ParseQuery(std::string_view query);

// Encodes `params` as "a=1&b=x%20y" (keys in map order). ParseQuery(EncodeQuery(m)) == m.
std::string EncodeQuery(const QueryMap& params);

}  // namespace nagame::bot::http

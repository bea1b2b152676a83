// Route table matching: pattern parsing, path-parameter capture, 404/405 and Allow.
#include "bot/http/router.h"

#include <algorithm>
#include <set>

#include "bot/http/query.h"
#include "bot/log.h"

namespace nagame::bot::http {
namespace {

namespace bhttp = beast::http;

// Splits "/a/b/" into {"a", "b", ""}. REQUIRES: path starts with '/'.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  path.remove_prefix(1);
  for (;;) {
    size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

bool IsParamNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

Status Invalid(std::string_view pattern, std::string why) {
  return InvalidArgument("route pattern \"" + std::string(pattern) + "\": " + why, "pattern");
}

std::string VerbName(bhttp::verb verb) { return std::string(bhttp::to_string(verb)); }

}  // namespace

Status Router::Add(bhttp::verb verb, std::string_view pattern, Handler handler) {
  auto fail = [&](Status status) {
    LogError("http_route_invalid",
             {{"pattern", pattern}, {"verb", VerbName(verb)}, {"error", status.message()}});
    return status;
  };
  if (pattern.empty() || pattern.front() != '/') {
    return fail(Invalid(pattern, "must start with '/'"));
  }
  if (pattern.find_first_of("?#") != std::string_view::npos) {
    return fail(Invalid(pattern, "must not contain '?' or '#'"));
  }
  if (!handler) return fail(Invalid(pattern, "empty handler"));
  if (verb == bhttp::verb::unknown) return fail(Invalid(pattern, "unknown verb"));

  Entry route;
  route.pattern = std::string(pattern);
  std::set<std::string> names;
  for (std::string_view part : SplitPath(pattern)) {
    Segment segment;
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      std::string_view name = part.substr(1, part.size() - 2);
      if (name.empty() || !std::all_of(name.begin(), name.end(), IsParamNameChar)) {
        return fail(Invalid(pattern, "parameter names are letters, digits and '_'"));
      }
      if (!names.insert(std::string(name)).second) {
        return fail(Invalid(pattern, "repeated parameter {" + std::string(name) + "}"));
      }
      segment.text = std::string(name);
      segment.param = true;
    } else if (part.find_first_of("{}") != std::string_view::npos) {
      return fail(Invalid(pattern, "'{' and '}' must enclose a whole segment"));
    } else {
      segment.text = std::string(part);
    }
    route.segments.push_back(std::move(segment));
  }

  auto same_shape = [&](const Entry& other) {
    if (other.segments.size() != route.segments.size()) return false;
    for (size_t i = 0; i < route.segments.size(); ++i) {
      const Segment& a = route.segments[i];
      const Segment& b = other.segments[i];
      if (a.param != b.param || (!a.param && a.text != b.text)) return false;
    }
    return true;
  };
  auto existing = std::find_if(routes_.begin(), routes_.end(), same_shape);
  if (existing == routes_.end()) {
    routes_.push_back(std::move(route));
    existing = routes_.end() - 1;
  } else if (existing->handlers.contains(verb)) {
    return fail(
        Status(Code::kFailedPrecondition,
               VerbName(verb) + " " + std::string(pattern) + " conflicts with " + existing->pattern,
               "pattern"));
  } else if (existing->pattern != pattern) {
    return fail(Status(Code::kFailedPrecondition,
                       std::string(pattern) + " differs from " + existing->pattern +
                           " only in parameter names; use the same pattern",
                       "pattern"));
  }
  existing->handlers.emplace(verb, std::move(handler));
  return Status::Ok();
}

bool Router::Matches(const Entry& route, const std::vector<std::string_view>& parts,
                     std::map<std::string, std::string>* params) {
  if (route.segments.size() != parts.size()) return false;
  for (size_t i = 0; i < parts.size(); ++i) {
    const Segment& segment = route.segments[i];
    if (!segment.param) {
      if (segment.text != parts[i]) return false;
      continue;
    }
    if (parts[i].empty()) return false;
    auto decoded = PercentDecode(parts[i], /*plus_is_space=*/false);
    if (!decoded) return false;
    if (params) (*params)[segment.text] = std::move(*decoded);
  }
  return true;
}

bool Router::MoreSpecific(const Entry& a, const Entry& b) {
  for (size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
    if (a.segments[i].param != b.segments[i].param) return !a.segments[i].param;
  }
  return false;
}

RouteMatch Router::Find(bhttp::verb verb, std::string_view path) const {
  RouteMatch result;
  if (path.empty() || path.front() != '/') return result;
  std::vector<std::string_view> parts = SplitPath(path);

  const Entry* best = nullptr;
  const Handler* best_handler = nullptr;
  const Entry* any_match = nullptr;
  std::set<std::string> allowed;
  for (const Entry& route : routes_) {
    if (!Matches(route, parts, nullptr)) continue;
    if (any_match == nullptr || MoreSpecific(route, *any_match)) any_match = &route;
    for (const auto& [v, unused] : route.handlers) {
      allowed.insert(VerbName(v));
      if (v == bhttp::verb::get) allowed.insert(VerbName(bhttp::verb::head));
    }
    auto it = route.handlers.find(verb);
    if (it == route.handlers.end() && verb == bhttp::verb::head) {
      it = route.handlers.find(bhttp::verb::get);
    }
    if (it == route.handlers.end()) continue;
    if (best == nullptr || MoreSpecific(route, *best)) {
      best = &route;
      best_handler = &it->second;
    }
  }

  if (best != nullptr) {
    result.kind = RouteMatch::Kind::kFound;
    result.handler = best_handler;
    result.route = best->pattern;
    Matches(*best, parts, &result.path_params);
    return result;
  }
  if (any_match != nullptr) {
    result.kind = RouteMatch::Kind::kMethodNotAllowed;
    result.route = any_match->pattern;
    for (const std::string& name : allowed) {
      if (!result.allow.empty()) result.allow += ", ";
      result.allow += name;
    }
  }
  return result;
}

std::vector<std::string> Router::Patterns() const {
  std::vector<std::string> out;
  for (const Entry& route : routes_) out.push_back(route.pattern);
  return out;
}

}  // namespace nagame::bot::http

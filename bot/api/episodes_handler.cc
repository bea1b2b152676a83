// The episodes read endpoint.
#include "bot/api/episodes_handler.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "bot/http/response.h"

namespace nagame::bot {
namespace {

constexpr size_t kMaxLimit = 10000;

Result<Time> TimeParam(const http::RequestContext& ctx, const char* name, Time fallback, Time now) {
  auto it = ctx.query.find(name);
  if (it == ctx.query.end() || it->second.empty()) return fallback;
  auto t = ParseTimeSpec(it->second, now);
  if (!t.ok()) return InvalidArgument(t.status().message(), name);
  return t;
}

Result<storage::EpisodeQuery> ParseQuery(const http::RequestContext& ctx, Time now) {
  storage::EpisodeQuery q;
  for (const char* key : {"rule", "source", "fingerprint"}) {
    auto it = ctx.query.find(key);
    if (it == ctx.query.end() || it->second.empty()) continue;
    if (std::string_view(key) == "rule") q.rule = it->second;
    if (std::string_view(key) == "source") q.source = it->second;
    if (std::string_view(key) == "fingerprint") q.fingerprint = it->second;
  }
  NAGAME_ASSIGN_OR_RETURN(q.to, TimeParam(ctx, "to", now, now));
  NAGAME_ASSIGN_OR_RETURN(q.from, TimeParam(ctx, "from", q.to - std::chrono::hours(24 * 7), now));
  if (q.from > q.to) return InvalidArgument("must not be after \"to\"", "from");
  q.limit = 1000;
  if (auto it = ctx.query.find("limit"); it != ctx.query.end()) {
    size_t n = 0;
    auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), n);
    if (ec != std::errc() || p != it->second.data() + it->second.size() || n == 0 ||
        n > kMaxLimit) {
      return InvalidArgument("must be an integer from 1 to " + std::to_string(kMaxLimit), "limit");
    }
    q.limit = n;
  }
  return q;
}

nlohmann::json EpisodeJson(const storage::Episode& e) {
  return {{"id", e.id},
          {"source", e.source},
          {"rule", e.rule},
          {"fingerprint", e.fingerprint},
          {"labels", e.labels},
          {"annotations", e.annotations},
          {"starts_at", FormatRfc3339(e.starts_at)},
          {"ends_at", e.ends_at ? nlohmann::json(FormatRfc3339(*e.ends_at)) : nlohmann::json()},
          {"state", rules::EpisodeStateName(e.state)},
          {"notifications", e.notifications},
          {"last_notified_at", FormatRfc3339(e.last_notified_at)},
          {"generator_url", e.generator_url}};
}

}  // namespace

http::Handler MakeEpisodesHandler(ReadStore* store, Clock clock) {
  return [store, clock](http::RequestContext& ctx) -> boost::asio::awaitable<http::Response> {
    Time now = clock();
    auto query = ParseQuery(ctx, now);
    if (!query.ok()) co_return http::ErrorResponse(query.status(), ctx.request);
    auto episodes = store->With([&](storage::EventStore& s) { return s.FindEpisodes(*query); });
    if (!episodes.ok()) co_return http::ErrorResponse(episodes.status(), ctx.request);
    nlohmann::json list = nlohmann::json::array();
    for (const storage::Episode& e : *episodes) list.push_back(EpisodeJson(e));
    nlohmann::json body = {{"from", FormatRfc3339(query->from)},
                           {"to", FormatRfc3339(query->to)},
                           {"episodes", std::move(list)}};
    co_return http::JsonResponse(200, body, ctx.request);
  };
}

}  // namespace nagame::bot

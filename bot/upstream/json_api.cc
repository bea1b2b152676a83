// JSON GETs against upstream servers: transport, status and body errors in one vocabulary.
#include "bot/upstream/json_api.h"

#include "bot/sources/json_input.h"

namespace nagame::bot {
namespace {

constexpr size_t kExcerptBytes = 200;

std::string Excerpt(std::string_view body) {
  std::string out;
  for (char c : body.substr(0, kExcerptBytes)) {
    out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  }
  if (body.size() > kExcerptBytes) out += "…";
  return out.empty() ? "(empty body)" : out;
}

}  // namespace

std::string RequestName(std::string_view target) {
  return "GET " + std::string(target.substr(0, target.find('?')));
}

Result<nlohmann::json> GetJson(const net::HttpClient& client, std::string_view base_url,
                               std::string_view target, const ErrorText& error_text) {
  std::string base(base_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string name = RequestName(target);
  auto res = client.Get(base + std::string(target), {{"Accept", "application/json"}});
  if (!res.ok()) {
    return Status(Code::kUnavailable, name + ": " + res.status().message(), res.status().field());
  }
  if (res->status < 200 || res->status > 299) {
    std::string text;
    if (auto body = json_input::Parse(res->body); body.ok() && error_text) text = error_text(*body);
    return Unavailable(name + ": HTTP " + std::to_string(res->status) + ": " +
                       (text.empty() ? Excerpt(res->body) : text));
  }
  auto body = json_input::Parse(res->body);
  if (!body.ok()) return Unavailable(name + ": malformed answer: " + body.status().message());
  return std::move(body).value();
}

Status MalformedAnswer(std::string_view target, const Status& problem) {
  std::string where = problem.field().empty() ? "" : problem.field() + ": ";
  return Unavailable(RequestName(target) + ": malformed answer: " + where + problem.message());
}

}  // namespace nagame::bot

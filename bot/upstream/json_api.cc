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
  return SendJson(client, {.base_url = std::string(base_url), .target = std::string(target)},
                  error_text);
}

Result<nlohmann::json> SendJson(const net::HttpClient& client, const JsonRequest& request,
                                const ErrorText& error_text) {
  std::string base(request.base_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string path = RequestName(request.target).substr(4);  // after "GET "
  const std::string name = request.method + " " + path;
  net::HttpHeaders headers = {{"Accept", "application/json"}};
  headers.insert(headers.end(), request.headers.begin(), request.headers.end());
  if (!request.body.empty()) headers.emplace_back("Content-Type", "application/json");
  auto res = client.Send({.method = request.method,
                          .url = base + request.target,
                          .headers = std::move(headers),
                          .body = request.body});
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
  return MalformedAnswerOf(RequestName(target), problem);
}

Status MalformedAnswerOf(std::string_view request, const Status& problem) {
  std::string where = problem.field().empty() ? "" : problem.field() + ": ";
  return Unavailable(std::string(request) + ": malformed answer: " + where + problem.message());
}

}  // namespace nagame::bot

// The generic webhook platform: its config block and its JSON body.
#include "bot/chat/generic/generic_platform.h"

#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/config/reader.h"
#include "bot/http/response.h"

namespace nagame::bot::chat {
namespace {

using nlohmann::json;

json GenericBody(const Answer& a) {
  json sections = json::array();
  for (const Section& s : a.sections) {
    json fields = json::array();
    for (const Field& f : s.fields) fields.push_back({{"label", f.label}, {"value", f.value}});
    sections.push_back({{"heading", s.heading}, {"lines", s.lines}, {"fields", fields}});
  }
  return {{"title", a.title}, {"text", PlainText(a)}, {"sections", sections}, {"link", a.link}};
}

class GenericWebhook : public ConfiguredPlatform {
 public:
  GenericWebhook(std::string webhook_url, std::string bearer_token)
      : webhook_url_(std::move(webhook_url)), bearer_token_(std::move(bearer_token)) {}

  // Never routed: the platform lists no endpoints.
  boost::asio::awaitable<http::Response> Handle(std::string_view,
                                                std::shared_ptr<const ChatContext>,
                                                http::RequestContext& request) const override {
    co_return http::ErrorResponse(NotFound("generic takes no requests"), request.request);
  }

  Status VerifyRequest(const http::Request&, Time) const override {
    return Status(Code::kUnauthenticated, "generic takes no requests");
  }

  std::optional<Destination> SummaryDestination() const override {
    return Destination{
        .name = "generic",
        .url = webhook_url_,
        .bearer_token = bearer_token_,
        .render = [](const Answer& answer) { return DumpJson(GenericBody(answer)); }};
  }

  json Describe() const override {
    return {{"webhook_url", config::RedactedSecret(webhook_url_)},
            {"bearer_token", config::RedactedSecret(bearer_token_)}};
  }

 private:
  std::string webhook_url_;
  std::string bearer_token_;  // empty: no Authorization header
};

std::shared_ptr<const ConfiguredPlatform> LoadGenericWebhook(config::Reader& reader,
                                                             const config::Entry& block) {
  static const std::vector<std::string> kKeys = {"webhook_url", "webhook_url_file", "bearer_token",
                                                 "bearer_token_file"};
  const size_t problems_before = reader.problem_count();
  auto entries = reader.Map(block.value, block.where, &kKeys);
  if (!entries) return nullptr;
  std::string webhook_url = reader.SecretUrl(*entries, "webhook_url");
  std::string bearer_token = reader.ReadSecret(*entries, "bearer_token").value;
  if (config::Reader::Find(*entries, "webhook_url") == nullptr &&
      config::Reader::Find(*entries, "webhook_url_file") == nullptr) {
    reader.Add(block.where, "webhook_url is required");
  }
  if (reader.problem_count() != problems_before) return nullptr;
  return std::make_shared<GenericWebhook>(std::move(webhook_url), std::move(bearer_token));
}

}  // namespace

Platform GenericWebhookPlatform() {
  return {.name = "generic", .endpoints = {}, .posts = true, .load = &LoadGenericWebhook};
}

}  // namespace nagame::bot::chat

// The Grafana source: alert-list parsing with Grafana's extras, and its HMAC signature check.
#include "bot/sources/grafana.h"

#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "bot/auth/hmac.h"
#include "bot/auth/tokens.h"
#include "bot/config/reader.h"
#include "bot/sources/alert_list.h"
#include "bot/sources/credentialed_source.h"
#include "bot/sources/json_input.h"

namespace nagame::bot {
namespace {

namespace ji = json_input;

constexpr std::string_view kDefaultSignatureHeader = "X-Grafana-Alerting-Signature";
constexpr Duration kReplayWindow = std::chrono::minutes(5);

// "B=44.239 C=1": the query values of one evaluation, in refID order.
Result<std::string> ValuesText(const nlohmann::json& alert, const std::string& path) {
  auto values = alert.find("values");
  if (values == alert.end() || values->is_null()) return std::string();
  if (!values->is_object())
    return InvalidArgument("must be an object", ji::FieldPath(path, "values"));
  std::string out;
  for (const auto& [ref, value] : values->items()) {
    if (!value.is_number()) {
      return InvalidArgument("must be a number", ji::FieldPath(path, "values." + ref));
    }
    char number[32];
    auto end = std::to_chars(number, number + sizeof number, value.get<double>()).ptr;
    if (!out.empty()) out += ' ';
    out += ref + "=" + std::string(number, end);
  }
  return out;
}

Status ReadGrafanaExtras(const nlohmann::json& alert, const std::string& path,
                         rules::AlertEvent& event) {
  std::string values;
  NAGAME_ASSIGN_OR_RETURN(values, ValuesText(alert, path));
  if (!values.empty()) event.annotations["values"] = values;
  for (const char* key : {"valueString", "silenceURL", "dashboardURL", "panelURL", "ruleUID"}) {
    std::string text;
    NAGAME_ASSIGN_OR_RETURN(text, ji::String(alert, key, path, false));
    if (!text.empty()) event.annotations[key] = std::move(text);
  }
  return Status::Ok();
}

// Credentials, then (when a secret is set) the body's HMAC signature.
class GrafanaSource : public CredentialedSource {
 public:
  GrafanaSource(AuthConfig auth, std::optional<std::string> hmac_secret,
                std::string signature_header, std::string timestamp_header)
      : CredentialedSource(std::move(auth), &ParseGrafanaWebhook),
        hmac_secret_(std::move(hmac_secret)),
        signature_header_(std::move(signature_header)),
        timestamp_header_(std::move(timestamp_header)) {}

  Status Authenticate(const WebhookRequest& request) const override {
    NAGAME_RETURN_IF_ERROR(CredentialedSource::Authenticate(request));
    if (!hmac_secret_) return Status::Ok();
    std::string signed_text(request.body);
    if (!timestamp_header_.empty()) {
      NAGAME_RETURN_IF_ERROR(CheckTimestamp(request));
      signed_text = std::string(request.header(timestamp_header_)) + ":" + signed_text;
    }
    std::string presented(request.header(signature_header_));
    for (char& c : presented) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string expected = HexLower(HmacSha256(*hmac_secret_, signed_text));
    if (presented.empty() || !ConstantTimeEquals(presented, expected)) {
      return Status(Code::kUnauthenticated, "missing or invalid Grafana signature");
    }
    return Status::Ok();
  }

  nlohmann::json Describe() const override {
    nlohmann::json j = CredentialedSource::Describe();
    if (hmac_secret_) {
      j["hmac_secret"] = config::kRedacted;
      j["hmac_header"] = signature_header_;
      if (!timestamp_header_.empty()) j["hmac_timestamp_header"] = timestamp_header_;
    }
    return j;
  }

 private:
  Status CheckTimestamp(const WebhookRequest& request) const {
    std::string_view text = request.header(timestamp_header_);
    int64_t seconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
      return Status(Code::kUnauthenticated, "missing or invalid Grafana signature timestamp");
    }
    const auto received =
        std::chrono::duration_cast<std::chrono::seconds>(request.received_at.time_since_epoch());
    const auto skew = std::chrono::seconds(seconds) - received;
    if (std::chrono::abs(skew) > kReplayWindow) {
      return Status(Code::kUnauthenticated,
                    "Grafana signature timestamp is more than 5 minutes away (replayed?)");
    }
    return Status::Ok();
  }

  std::optional<std::string> hmac_secret_;
  std::string signature_header_;
  std::string timestamp_header_;  // empty: the signature covers the body alone
};

}  // namespace

Result<rules::Delivery> ParseGrafanaWebhook(std::string_view body, Time received_at) {
  return ParseAlertList(body, received_at,
                        {.source = "grafana", .version = "1", .read_extras = &ReadGrafanaExtras});
}

std::shared_ptr<const ConfiguredSource> LoadGrafanaSource(config::Reader& reader,
                                                          const config::Entry& block) {
  size_t problems_before = reader.problem_count();
  auto entries = ReadSourceBlock(
      reader, block, {"hmac_secret", "hmac_secret_file", "hmac_header", "hmac_timestamp_header"});
  if (!entries) return nullptr;
  config::Secret hmac = reader.ReadSecret(*entries, "hmac_secret");
  AuthConfig auth = ReadSourceCredentials(reader, *entries, block,
                                          hmac.present ? " (hmac_secret alone is not enough)" : "");
  std::string signature_header(kDefaultSignatureHeader);
  std::string timestamp_header;
  for (auto [key, out] : {std::pair{"hmac_header", &signature_header},
                          std::pair{"hmac_timestamp_header", &timestamp_header}}) {
    const config::Entry* e = config::Reader::Find(*entries, key);
    if (e == nullptr) continue;
    if (!hmac.present) reader.Add(e->where, "needs hmac_secret");
    if (auto name = reader.String(*e)) *out = *name;
  }
  if (reader.problem_count() != problems_before) return nullptr;
  return std::make_shared<GrafanaSource>(std::move(auth),
                                         hmac.present ? std::optional(hmac.value) : std::nullopt,
                                         std::move(signature_header), std::move(timestamp_header));
}

}  // namespace nagame::bot

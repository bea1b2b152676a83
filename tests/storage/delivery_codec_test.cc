// Round trips and damaged inputs for the ingest journal's delivery encoding.
#include "storage/delivery_codec.h"

#include <gtest/gtest.h>

namespace nagame::storage {
namespace {

using rules::AlertEvent;
using rules::AlertStatus;
using rules::Delivery;

Time T(const char* rfc3339) { return ParseRfc3339(rfc3339).value().value(); }

AlertEvent Alert(std::string rule, AlertStatus status, const char* starts, const char* ends) {
  AlertEvent a;
  a.rule = std::move(rule);
  a.fingerprint = "c4f3a8b1e2d09f77";
  a.status = status;
  a.labels = {{"alertname", a.rule}, {"instance", "node-1:9100"}, {"ünïcode", "värde ✓"}};
  a.annotations = {{"summary", "disk 91% full"}, {"empty", ""}};
  a.starts_at = T(starts);
  if (ends) a.ends_at = T(ends);
  a.generator_url = "http://prometheus:9090/graph?g0.expr=up%3D%3D0";
  return a;
}

Delivery Full() {
  Delivery d;
  d.source = "alertmanager";
  d.receiver = "nagame";
  d.group_key = "{}:{alertname=\"DiskFull\"}";
  d.external_url = "http://am-1:9093";
  d.status = "resolved";
  d.truncated_alerts = 3;
  d.received_at = T("2026-11-28T20:00:05.123456789Z");
  d.alerts = {
      Alert("DiskFull", AlertStatus::kFiring, "2026-11-28T19:00:00Z", nullptr),
      Alert("DiskFull", AlertStatus::kResolved, "2026-11-28T19:00:00Z", "2026-11-28T19:30:00.5Z"),
      Alert("Old", AlertStatus::kFiring, "1969-07-20T20:17:40Z", nullptr)};
  return d;
}

TEST(DeliveryCodec, RoundTrips) {
  struct Case {
    const char* name;
    Delivery delivery;
  };
  Delivery big = Full();
  for (int i = 0; i < 2000; ++i) big.alerts.push_back(big.alerts[i % 3]);
  big.alerts[1].labels["long"] = std::string(100000, 'x');
  const Case cases[] = {{"empty", Delivery{}}, {"full", Full()}, {"big", big}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto decoded = DecodeDelivery(EncodeDelivery(c.delivery));
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_TRUE(*decoded == c.delivery);
  }
}

TEST(DeliveryCodec, EveryTruncationIsAnErrorNotACrash) {
  const std::string bytes = EncodeDelivery(Full());
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto decoded = DecodeDelivery(std::string_view(bytes).substr(0, n));
    ASSERT_FALSE(decoded.ok()) << "prefix of " << n << " bytes decoded";
    EXPECT_EQ(decoded.status().code(), Code::kInternal);
  }
}

TEST(DeliveryCodec, DamagedInputsAreNamed) {
  const std::string good = EncodeDelivery(Full());
  struct Case {
    const char* name;
    std::string bytes;
    const char* says;
  };
  std::string bad_status = EncodeDelivery([] {
    Delivery d = Full();
    d.alerts.resize(1);
    return d;
  }());
  // The status byte follows the version, five strings, two varints, the count and two strings.
  const size_t status_at = bad_status.find("c4f3a8b1e2d09f77") + 16;
  bad_status[status_at] = 7;
  const Case cases[] = {
      {"empty", "", "unknown format version"},
      {"version", "\x02" + good.substr(1), "unknown format version"},
      {"trailing", good + "x", "bytes left over"},
      {"huge count", std::string("\x01\0\0\0\0\0\0\0\xff\xff\xff\xff\x0f", 13), "alerts"},
      {"endless varint", std::string("\x01") + std::string(20, '\xff'), "varint too long"},
      {"status", bad_status, "status: unknown value"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto decoded = DecodeDelivery(c.bytes);
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.status().message().find(c.says), std::string::npos)
        << decoded.status().message();
  }
}

}  // namespace
}  // namespace nagame::storage

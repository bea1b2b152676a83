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
  Delivery acked = Full();
  acked.alerts[0].acknowledged_by = "Tenex Engineer";
  acked.alerts[2].acknowledged_by = "";  // present but empty stays present
  const Case cases[] = {{"empty", Delivery{}}, {"full", Full()}, {"big", big}, {"acked", acked}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto decoded = DecodeDelivery(EncodeDelivery(c.delivery));
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_TRUE(*decoded == c.delivery);
  }
}

TEST(DeliveryCodec, EveryTruncationIsAnErrorNotACrash) {
  Delivery acked = Full();
  acked.alerts[2].acknowledged_by = "mori";
  for (const Delivery& d : {Full(), acked}) {
    const std::string bytes = EncodeDelivery(d);
    for (size_t n = 0; n < bytes.size(); ++n) {
      auto decoded = DecodeDelivery(std::string_view(bytes).substr(0, n));
      ASSERT_FALSE(decoded.ok()) << "prefix of " << n << " bytes decoded";
      EXPECT_EQ(decoded.status().code(), Code::kInternal);
    }
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
  std::string bad_ack = EncodeDelivery([] {
    Delivery d = Full();
    d.alerts.resize(1);
    d.alerts[0].acknowledged_by = "x";
    return d;
  }());
  bad_ack[bad_ack.size() - 3] = 7;  // the presence byte before "\x01x"
  const Case cases[] = {
      {"empty", "", "unknown format version"},
      {"version", "\x03" + good.substr(1), "unknown format version"},
      {"version 0", "\x00" + good.substr(1), "unknown format version"},
      {"trailing", good + "x", "bytes left over"},
      {"huge count", std::string("\x01\0\0\0\0\0\0\0\xff\xff\xff\xff\x0f", 13), "alerts"},
      {"endless varint", std::string("\x01") + std::string(20, '\xff'), "varint too long"},
      {"status", bad_status, "status: unknown value"},
      {"ack presence", bad_ack, "acknowledged_by: unknown presence byte"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto decoded = DecodeDelivery(c.bytes);
    ASSERT_FALSE(decoded.ok());
    EXPECT_NE(decoded.status().message().find(c.says), std::string::npos)
        << decoded.status().message();
  }
}

// One small delivery, and its bytes as the version 1 encoder (before acks) wrote them, byte
// by byte from the format in delivery_codec.h rather than from the encoder under test.
Delivery Small() {
  Delivery d;
  d.source = "am";
  d.status = "firing";
  d.received_at = FromUnixNanos(64);  // zig-zag 128: varint 0x80 0x01
  AlertEvent a;
  a.rule = "R";
  a.fingerprint = "f";
  a.labels = {{"a", "b"}};
  a.starts_at = FromUnixNanos(-1);  // zig-zag 1
  d.alerts = {a};
  return d;
}
// clang-format off
constexpr char kSmallV1Bytes[] =
    "\x01"                        // version 1
    "\x02" "am"                   // source
    "\x00" "\x00" "\x00"          // receiver, group_key, external_url
    "\x06" "firing"               // status
    "\x00"                        // truncated_alerts
    "\x80\x01"                    // received_at
    "\x01"                        // one alert
    "\x01" "R" "\x01" "f"         // rule, fingerprint
    "\x00"                        // firing
    "\x01" "\x01" "a" "\x01" "b"  // labels
    "\x00"                        // annotations
    "\x01"                        // starts_at
    "\x00"                        // no ends_at
    "\x00";                       // generator_url
// clang-format on
const std::string kSmallV1(kSmallV1Bytes, sizeof kSmallV1Bytes - 1);

TEST(DeliveryCodec, ReadsVersion1EntriesOfOlderBinaries) {
  auto decoded = DecodeDelivery(kSmallV1);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_TRUE(*decoded == Small());
  EXPECT_FALSE(decoded->alerts[0].acknowledged_by.has_value());
}

TEST(DeliveryCodec, WritesVersion1UnlessAnAlertCarriesAnAcknowledger) {
  // Without acks the bytes are exactly what the previous binary writes and reads.
  EXPECT_EQ(EncodeDelivery(Small()), kSmallV1);
  EXPECT_EQ(EncodeDelivery(Full())[0], '\x01');

  Delivery acked = Small();
  acked.alerts[0].acknowledged_by = "mori";
  const std::string bytes = EncodeDelivery(acked);
  EXPECT_EQ(bytes, "\x02" + kSmallV1.substr(1) + std::string("\x01\x04mori", 6));
  auto decoded = DecodeDelivery(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->alerts[0].acknowledged_by, "mori");

  // A version 2 entry whose alert has no acknowledger carries the byte 0 for it.
  Delivery two = acked;
  two.alerts.push_back(Small().alerts[0]);
  auto both = DecodeDelivery(EncodeDelivery(two));
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  EXPECT_TRUE(*both == two);
}

}  // namespace
}  // namespace nagame::storage

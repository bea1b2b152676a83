// The ingest journal's binary form of a Delivery (see delivery_codec.h for the format).
#include "storage/delivery_codec.h"

#include <algorithm>
#include <cstdint>

namespace nagame::storage {

using rules::AlertEvent;
using rules::AlertStatus;
using rules::Delivery;
using rules::Labels;

namespace {

constexpr char kVersion1 = 0x01;
constexpr char kVersion2 = 0x02;  // adds AlertEvent::acknowledged_by

class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  void Varint(uint64_t v) {
    while (v >= 0x80) {
      out_->push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_->push_back(static_cast<char>(v));
  }
  void Signed(int64_t v) {
    Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
  }
  void String(std::string_view s) {
    Varint(s.size());
    out_->append(s);
  }
  void Byte(char b) { out_->push_back(b); }
  void TimeValue(Time t) { Signed(t.time_since_epoch().count()); }
  void Map(const Labels& labels) {
    Varint(labels.size());
    for (const auto& [name, value] : labels) {
      String(name);
      String(value);
    }
  }

 private:
  std::string* out_;
};

// Reads fields in order; the first malformed field sets `error` and every later read is a
// no-op returning a neutral value, so callers check once at the end.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  uint64_t Varint(const char* what) {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return Fail(what, "truncated");
      const auto b = static_cast<uint8_t>(in_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    return Fail(what, "varint too long");
  }
  int64_t Signed(const char* what) {
    const uint64_t z = Varint(what);
    return static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
  }
  std::string String(const char* what) {
    const uint64_t n = Varint(what);
    if (failed()) return {};
    if (n > in_.size() - pos_) return Fail(what, "length past the end"), std::string();
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  uint8_t Byte(const char* what) {
    if (failed()) return 0;
    if (pos_ >= in_.size()) return static_cast<uint8_t>(Fail(what, "truncated"));
    return static_cast<uint8_t>(in_[pos_++]);
  }
  Time TimeValue(const char* what) { return Time(Duration(Signed(what))); }
  Labels Map(const char* what) {
    Labels labels;
    const uint64_t n = Varint(what);
    for (uint64_t i = 0; i < n && !failed(); ++i) {
      std::string name = String(what);
      std::string value = String(what);
      if (!failed()) labels.emplace(std::move(name), std::move(value));
    }
    return labels;
  }
  // A count of things each at least one byte long: bounded by what is left, so a damaged
  // count cannot make the decoder reserve gigabytes.
  uint64_t Count(const char* what) {
    const uint64_t n = Varint(what);
    if (!failed() && n > in_.size() - pos_) return Fail(what, "count past the end");
    return n;
  }
  bool AtEnd() const { return pos_ == in_.size(); }
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  // Marks the input malformed at `what` (the first such mark wins).
  void Invalid(const char* what, const char* why) { Fail(what, why); }

 private:
  uint64_t Fail(const char* what, const char* why) {
    if (error_.empty()) error_ = std::string(what) + ": " + why;
    pos_ = in_.size();
    return 0;
  }
  std::string_view in_;
  size_t pos_ = 0;
  std::string error_;
};

void EncodeAlert(const AlertEvent& a, char version, Writer& w) {
  w.String(a.rule);
  w.String(a.fingerprint);
  w.Byte(a.status == AlertStatus::kFiring ? 0 : 1);
  w.Map(a.labels);
  w.Map(a.annotations);
  w.TimeValue(a.starts_at);
  w.Byte(a.ends_at ? 1 : 0);
  if (a.ends_at) w.TimeValue(*a.ends_at);
  w.String(a.generator_url);
  if (version == kVersion1) return;
  w.Byte(a.acknowledged_by ? 1 : 0);
  if (a.acknowledged_by) w.String(*a.acknowledged_by);
}

AlertEvent DecodeAlert(char version, Reader& r) {
  AlertEvent a;
  a.rule = r.String("rule");
  a.fingerprint = r.String("fingerprint");
  switch (r.Byte("status")) {
    case 0:
      a.status = AlertStatus::kFiring;
      break;
    case 1:
      a.status = AlertStatus::kResolved;
      break;
    default:
      r.Invalid("status", "unknown value");
      break;
  }
  a.labels = r.Map("labels");
  a.annotations = r.Map("annotations");
  a.starts_at = r.TimeValue("starts_at");
  if (r.Byte("ends_at") != 0) a.ends_at = r.TimeValue("ends_at");
  a.generator_url = r.String("generator_url");
  if (version == kVersion1) return a;
  switch (r.Byte("acknowledged_by")) {
    case 0:
      break;
    case 1:
      a.acknowledged_by = r.String("acknowledged_by");
      break;
    default:
      r.Invalid("acknowledged_by", "unknown presence byte");
      break;
  }
  return a;
}

}  // namespace

std::string EncodeDelivery(const Delivery& d) {
  std::string out;
  out.reserve(256 + d.alerts.size() * 256);
  Writer w(&out);
  const bool acks = std::any_of(d.alerts.begin(), d.alerts.end(),
                                [](const AlertEvent& a) { return a.acknowledged_by.has_value(); });
  const char version = acks ? kVersion2 : kVersion1;
  w.Byte(version);
  w.String(d.source);
  w.String(d.receiver);
  w.String(d.group_key);
  w.String(d.external_url);
  w.String(d.status);
  w.Signed(d.truncated_alerts);
  w.TimeValue(d.received_at);
  w.Varint(d.alerts.size());
  for (const AlertEvent& a : d.alerts) EncodeAlert(a, version, w);
  return out;
}

Result<Delivery> DecodeDelivery(std::string_view bytes) {
  auto damaged = [](const std::string& why) {
    return Status(Code::kInternal, "journal entry damaged: " + why);
  };
  if (bytes.empty() || (bytes.front() != kVersion1 && bytes.front() != kVersion2)) {
    return damaged("unknown format version");
  }
  const char version = bytes.front();
  Reader r(bytes.substr(1));
  Delivery d;
  d.source = r.String("source");
  d.receiver = r.String("receiver");
  d.group_key = r.String("group_key");
  d.external_url = r.String("external_url");
  d.status = r.String("status");
  d.truncated_alerts = r.Signed("truncated_alerts");
  d.received_at = r.TimeValue("received_at");
  const uint64_t n = r.Count("alerts");
  d.alerts.reserve(n);
  for (uint64_t i = 0; i < n && !r.failed(); ++i) d.alerts.push_back(DecodeAlert(version, r));
  if (r.failed()) return damaged(r.error());
  if (!r.AtEnd()) return damaged("bytes left over");
  return d;
}

}  // namespace nagame::storage

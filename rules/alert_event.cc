// Helpers for the normalised alert types.
#include "rules/alert_event.h"

#include <cstdio>

namespace nagame::rules {

const char* AlertStatusName(AlertStatus s) {
  return s == AlertStatus::kFiring ? "firing" : "resolved";
}

Status ValidateDelivery(const Delivery& d) {
  if (d.source.empty()) return Status(Code::kInvalidArgument, "delivery has no source", "source");
  for (size_t i = 0; i < d.alerts.size(); ++i) {
    const AlertEvent& a = d.alerts[i];
    if (a.rule.empty() || a.fingerprint.empty()) {
      const std::string what = a.rule.empty() ? "rule" : "fingerprint";
      return Status(Code::kInvalidArgument, "alert has no " + what,
                    "alerts[" + std::to_string(i) + "]." + what);
    }
  }
  return Status::Ok();
}

std::string FingerprintOf(const std::string& source, const Labels& labels) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](const std::string& s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;  // separator byte that cannot appear in UTF-8 text
    h *= 1099511628211ull;
  };
  mix(source);
  for (const auto& [name, value] : labels) {
    mix(name);
    mix(value);
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace nagame::rules

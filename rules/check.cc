// Local time conversion and option access for checks.
#include "rules/check.h"

namespace nagame::rules {

LocalTime ZoneClock::ToLocal(Time t) const {
  Time local = t + (utc_offset ? utc_offset(t) : Duration::zero());
  auto day = std::chrono::floor<std::chrono::days>(local);
  LocalTime out;
  out.day_number = day.time_since_epoch().count();
  out.weekday = static_cast<int>(std::chrono::weekday(day).c_encoding());
  out.minute_of_day =
      static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(local - day).count());
  return out;
}

double CheckOptions::Number(const char* key, double fallback) const {
  auto it = values_.find(key);
  if (it == values_.end() || !it->is_number()) return fallback;
  return it->get<double>();
}

Duration CheckOptions::Dur(const char* key, Duration fallback) const {
  auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  if (it->is_number()) {
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(it->get<double>()));
  }
  if (it->is_string()) {
    auto d = ParseDuration(it->get<std::string>());
    if (d.ok()) return *d;
  }
  return fallback;
}

std::string CheckOptions::Text(const char* key, const std::string& fallback) const {
  auto it = values_.find(key);
  if (it == values_.end() || !it->is_string()) return fallback;
  return it->get<std::string>();
}

bool CheckOptions::Flag(const char* key, bool fallback) const {
  auto it = values_.find(key);
  if (it == values_.end() || !it->is_boolean()) return fallback;
  return it->get<bool>();
}

std::vector<std::string> CheckOptions::Strings(const char* key,
                                               std::vector<std::string> fallback) const {
  auto it = values_.find(key);
  if (it == values_.end() || !it->is_array()) return fallback;
  std::vector<std::string> out;
  for (const auto& v : *it) {
    if (!v.is_string()) return fallback;
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace nagame::rules

// Local time conversion and option access for checks.
#include "rules/check.h"

#include <stdexcept>

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

std::string ZoneClock::FormatMinute(Time t) const {
  Time local = t + (utc_offset ? utc_offset(t) : Duration::zero());
  return FormatRfc3339(std::chrono::floor<std::chrono::minutes>(local))
      .substr(0, 16)
      .replace(10, 1, " ");
}

namespace {

std::optional<double> AsNumber(const nlohmann::json& v) {
  if (!v.is_number()) return std::nullopt;
  return v.get<double>();
}

std::optional<Duration> AsDuration(const nlohmann::json& v) {
  if (v.is_number()) {
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(v.get<double>()));
  }
  if (!v.is_string()) return std::nullopt;
  Result<Duration> d = ParseDuration(v.get<std::string>());
  if (!d.ok()) return std::nullopt;
  return *d;
}

std::optional<std::string> AsText(const nlohmann::json& v) {
  if (!v.is_string()) return std::nullopt;
  return v.get<std::string>();
}

std::optional<bool> AsFlag(const nlohmann::json& v) {
  if (!v.is_boolean()) return std::nullopt;
  return v.get<bool>();
}

std::optional<std::vector<std::string>> AsStrings(const nlohmann::json& v) {
  if (!v.is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& item : v) {
    if (!item.is_string()) return std::nullopt;
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace

CheckOptions::CheckOptions(nlohmann::json defaults, nlohmann::json configured)
    : defaults_(std::move(defaults)), configured_(std::move(configured)) {}

template <typename T>
T CheckOptions::Read(const char* key, std::optional<T> (*as)(const nlohmann::json&)) const {
  auto declared = defaults_.find(key);
  std::optional<T> fallback = declared == defaults_.end() ? std::nullopt : as(*declared);
  if (!fallback) {
    throw std::logic_error(std::string("option \"") + key +
                           "\" is not declared with a default of its type in default_options()");
  }
  auto configured = configured_.find(key);
  if (configured != configured_.end()) {
    if (std::optional<T> v = as(*configured)) return *std::move(v);
  }
  return *std::move(fallback);
}

double CheckOptions::Number(const char* key) const { return Read(key, AsNumber); }
Duration CheckOptions::Dur(const char* key) const { return Read(key, AsDuration); }
std::string CheckOptions::Text(const char* key) const { return Read(key, AsText); }
bool CheckOptions::Flag(const char* key) const { return Read(key, AsFlag); }
std::vector<std::string> CheckOptions::Strings(const char* key) const {
  return Read(key, AsStrings);
}

}  // namespace nagame::rules

// Alertmanager's matcher semantics, with the RE2 regexes shared with the PromQL reader.
#include "rules/silence_match.h"

namespace nagame::rules {

bool IsActiveSilence(const Silence& s, Time now) {
  if (s.state == "expired" || s.state == "pending") return false;
  return s.starts_at <= now && now < s.ends_at;
}

SilenceMatchers::SilenceMatchers(const std::vector<SilenceMatcher>& matchers) {
  for (const SilenceMatcher& m : matchers) {
    Compiled c{m, std::nullopt};
    if (m.is_regex) {
      auto re = promql::Regex::Compile(m.value);
      if (re.ok()) c.regex = std::move(re).value();
    }
    matchers_.push_back(std::move(c));
  }
}

std::optional<bool> SilenceMatchers::Matches(const Labels& labels) const {
  bool unknown = false;
  for (const Compiled& c : matchers_) {
    auto it = labels.find(c.matcher.name);
    const std::string value = it == labels.end() ? std::string() : it->second;
    std::optional<bool> hit;
    if (!c.matcher.is_regex) {
      hit = value == c.matcher.value;
    } else if (c.regex) {
      hit = c.regex->FullMatch(value);
    }
    if (!hit) {
      unknown = true;
      continue;
    }
    if (*hit != c.matcher.is_equal) return false;
  }
  if (unknown) return std::nullopt;
  return true;
}

Labels AlertLabels(const Episode& e) {
  Labels out = e.labels;
  out.emplace("alertname", e.rule);  // keeps the source's own value when it sent one
  return out;
}

std::string FormatMatchers(const std::vector<SilenceMatcher>& matchers) {
  std::string out = "{";
  for (const SilenceMatcher& m : matchers) {
    if (out.size() > 1) out += ", ";
    out += m.name;
    out += m.is_regex ? (m.is_equal ? "=~" : "!~") : (m.is_equal ? "=" : "!=");
    out += nlohmann::json(m.value).dump();
  }
  return out + "}";
}

std::string SilencedRule(const Silence& s) {
  for (const SilenceMatcher& m : s.matchers) {
    if (m.name == "alertname" && m.is_equal && !m.is_regex) return m.value;
  }
  return "";
}

std::string DescribeSilence(const Silence& s) {
  return "silence " + s.id.substr(0, 8) + " " + FormatMatchers(s.matchers);
}

nlohmann::json SilenceEvidence(const Silence& s, Time now) {
  return {{"id", s.id},
          {"matchers", FormatMatchers(s.matchers)},
          {"created_by", s.created_by},
          {"comment", s.comment},
          {"starts_at", FormatRfc3339(s.starts_at)},
          {"ends_at", FormatRfc3339(s.ends_at)},
          {"active_for", FormatDuration(now > s.starts_at ? now - s.starts_at : Duration::zero())}};
}

std::string ExpireCommand(const Silence& s) { return "amtool silence expire " + s.id; }

}  // namespace nagame::rules

// Config sections for what the review reads: prometheus, alertmanager, rule_files, checks and
// watch.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "bot/config/sections.h"

namespace nagame::bot::config {
namespace {

bool IsCheckId(std::string_view s) {
  size_t slash = s.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == s.size()) return false;
  auto part_ok = [](std::string_view p) {
    return !p.empty() && p.front() != '-' && p.back() != '-' &&
           std::all_of(p.begin(), p.end(), [](char c) {
             return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
           });
  };
  return part_ok(s.substr(0, slash)) && part_ok(s.substr(slash + 1));
}

void LoadEndpoint(Reader& reader, const Entry& e, EndpointConfig& endpoint) {
  static const std::vector<std::string> kKeys = {"url"};
  auto entries = reader.Map(e.value, e.where, &kKeys);
  if (!entries) return;
  const Entry* url = Reader::Find(*entries, "url");
  if (url == nullptr) {
    reader.Add(e.where, "url is required");
    return;
  }
  if (auto u = reader.Url(reader.Scalar(url->value, url->where, false), url->where)) {
    while (u->ends_with('/')) u->pop_back();
    endpoint.url = *u;
  }
}

}  // namespace

void LoadPrometheus(Reader& reader, const Entry& e, Loaded& out) {
  LoadEndpoint(reader, e, out.config.prometheus);
}

void LoadAlertmanager(Reader& reader, const Entry& e, Loaded& out) {
  LoadEndpoint(reader, e, out.config.alertmanager);
}

void LoadRuleFiles(Reader& reader, const Entry& e, Loaded& out) {
  auto items = reader.List(e.value, e.where);
  if (!items) return;
  for (const auto& [node, where] : *items) {
    auto t = reader.Scalar(node, where, false);
    if (!t) continue;
    if (t->value.empty()) {
      reader.Add(where, "must not be empty");
      continue;
    }
    std::string pattern = reader.ResolvePath(t->value).string();
    out.config.rule_files.push_back(pattern);
    out.rule_patterns.push_back({pattern, where});
  }
}

void LoadChecks(Reader& reader, const Entry& e, Loaded& out) {
  auto entries = reader.Map(e.value, e.where, nullptr);
  if (!entries) return;
  for (const Entry& c : *entries) {
    if (c.key == "disabled") {
      auto items = reader.List(c.value, c.where);
      if (!items) continue;
      for (const auto& [node, where] : *items) {
        auto id = reader.Scalar(node, where, false);
        if (!id) continue;
        if (!IsCheckId(id->value)) {
          reader.Add(where, "not a check id" + Reader::Shown(*id) +
                                " (expected \"family/name\", e.g. \"noisy/volume\")");
        } else if (std::find(out.config.checks.disabled.begin(), out.config.checks.disabled.end(),
                             id->value) != out.config.checks.disabled.end()) {
          reader.Add(where, "listed twice");
        } else {
          out.config.checks.disabled.push_back(id->value);
        }
      }
      continue;
    }
    if (!IsCheckId(c.key)) {
      reader.Add(c.where,
                 "not a check id (expected \"family/name\", e.g. \"noisy/volume\", or "
                 "\"disabled\")");
      continue;
    }
    if (!c.value.IsNull() && !c.value.IsMap()) {
      reader.Add(c.where, "must be a mapping of the check's options");
      continue;
    }
    size_t errors_before = reader.problem_count();
    nlohmann::json options = reader.ToJson(c.value, c.where);
    if (reader.problem_count() == errors_before) {
      out.config.checks.options[c.key] = options.is_null() ? nlohmann::json::object() : options;
    }
  }
}

void LoadWatch(Reader& reader, const Entry& e, Loaded& out) {
  auto items = reader.List(e.value, e.where);
  if (!items) return;
  static const std::vector<std::string> kKeys = {"name", "query", "threshold", "min", "max"};
  std::set<std::string> names;
  for (const auto& [node, where] : *items) {
    auto entries = reader.Map(node, where, &kKeys);
    if (!entries) continue;
    WatchQuery q;
    bool ok = true;
    for (const char* required : {"name", "query"}) {
      if (Reader::Find(*entries, required) == nullptr) {
        reader.Add(where, std::string(required) + " is required");
        ok = false;
      }
    }
    if (const Entry* n = Reader::Find(*entries, "name")) {
      auto s = reader.NonEmpty(*n);
      if (s && !names.insert(s->value).second) {
        reader.Add(n->where, "another watch query has this name" + Reader::Shown(*s, ": "));
        s.reset();
      }
      ok = ok && s.has_value();
      if (s) q.name = s->value;
    }
    if (const Entry* qe = Reader::Find(*entries, "query")) {
      auto s = reader.String(*qe);
      ok = ok && s.has_value();
      if (s) q.query = *s;
    }
    // A finite number, when the key is there.
    auto number = [&](const char* key, std::optional<double>& into) {
      const Entry* t = Reader::Find(*entries, key);
      if (t == nullptr) return;
      auto text = reader.Scalar(t->value, t->where, false, "a number");
      double v = 0;
      if (text) {
        const std::string& s = text->value;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) {
          reader.Add(t->where, "must be a number" + Reader::Shown(*text, ", not "));
          text.reset();
        }
      }
      ok = ok && text.has_value();
      into = v;
    };
    number("threshold", q.threshold);
    number("min", q.min);
    number("max", q.max);
    if (q.min && q.max && *q.min >= *q.max) {
      reader.Add(where, "min must be below max");
      ok = false;
    }
    if (ok) out.config.watch.push_back(std::move(q));
  }
}

}  // namespace nagame::bot::config

// Reads coverage catalog files with yaml-cpp; its exceptions stop in this file.
#include "rules/catalog.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include <yaml-cpp/yaml.h>

#include "rules/promql/names.h"
#include "rules/promql/parser.h"
#include "rules/promql/selectors.h"
#include "rules/rule_file.h"

namespace nagame::rules {
namespace {

constexpr std::string_view kAlertNamePrefix = "alertname=";
// The suggested rule is checked inside this wrapper; its lines move by kWrapLines and
// kWrapIndent.
constexpr char kWrapHeader[] = "groups:\n  - name: catalog\n    rules:\n";
constexpr int kWrapLines = 3;
constexpr int kWrapIndent = 6;

// `rule_text` (a one-item rule list) as a rule file: indented under one group's `rules:`.
std::string WrapRule(const std::string& rule_text) {
  std::string wrapped = kWrapHeader;
  size_t start = 0;
  while (start < rule_text.size()) {
    size_t end = rule_text.find('\n', start);
    if (end == std::string::npos) end = rule_text.size();
    wrapped += std::string(kWrapIndent, ' ') + rule_text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return wrapped;
}

using promql::IsMetricName;

bool IsId(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// Collects "<origin>:<line>:<col>: <path>: <problem>" lines.
class Problems {
 public:
  Problems(std::string_view origin, std::string_view text) : origin_(origin), text_(text) {}

  // The indentation (spaces) of 1-based line `line` of the file.
  int IndentOf(int line) const {
    size_t pos = 0;
    for (int l = 1; l < line && pos != std::string_view::npos; ++l) {
      pos = text_.find('\n', pos);
      if (pos != std::string_view::npos) ++pos;
    }
    int indent = 0;
    while (pos != std::string_view::npos && pos + indent < text_.size() &&
           text_[pos + indent] == ' ') {
      ++indent;
    }
    return indent;
  }

  void Add(const YAML::Mark& mark, const std::string& path, const std::string& problem) {
    AddAt(mark.line + 1, mark.column + 1, path, problem);
  }
  void AddAt(int line, int column, const std::string& path, const std::string& problem) {
    if (first_path_.empty() && lines_.empty()) first_path_ = path;
    lines_.push_back(origin_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                     path + ": " + problem);
  }
  bool empty() const { return lines_.empty(); }
  const std::string& origin() const { return origin_; }

  Status ToStatus() const {
    std::string text;
    for (const std::string& l : lines_) text += (text.empty() ? "" : "\n") + l;
    return InvalidArgument(text, first_path_);
  }

 private:
  std::string origin_;
  std::string_view text_;
  std::string first_path_;
  std::vector<std::string> lines_;
};

// A list of metric names (or, with `allow_alert_names`, "alertname=X" items).
std::vector<std::string> NameList(const YAML::Node& node, const std::string& path,
                                  bool allow_alert_names, Problems& problems) {
  std::vector<std::string> out;
  if (!node.IsSequence() || node.size() == 0) {
    problems.Add(node.Mark(), path, "must be a non-empty list of metric names");
    return out;
  }
  for (size_t i = 0; i < node.size(); ++i) {
    const YAML::Node item = node[i];
    std::string item_path = path + "[" + std::to_string(i) + "]";
    std::string value = item.IsScalar() ? item.Scalar() : "";
    bool ok = IsMetricName(value) || (allow_alert_names && !CoveringAlertName(value).empty() &&
                                      IsMetricName(CoveringAlertName(value)));
    if (!ok) {
      problems.Add(item.Mark(), item_path,
                   allow_alert_names ? "must be a metric name or \"alertname=<Name>\""
                                     : "must be a metric name");
      continue;
    }
    out.push_back(value);
  }
  return out;
}

// "origin:12:7: groups[0].rules[0].expr: …" from ParseRuleFile on the wrapped rule → the same
// problem at its place in the catalog file.
void AddRuleProblems(const std::string& messages, const std::string& wrapped_origin, int first_line,
                     const std::string& path, Problems& problems) {
  size_t start = 0;
  while (start <= messages.size()) {
    size_t end = messages.find('\n', start);
    std::string line = messages.substr(start, end == std::string::npos ? end : end - start);
    start = end == std::string::npos ? messages.size() + 1 : end + 1;
    int l = 0, c = 0;
    std::string rest = line;
    if (line.rfind(wrapped_origin + ":", 0) == 0) {
      const char* p = line.c_str() + wrapped_origin.size() + 1;
      const char* e = line.c_str() + line.size();
      auto r1 = std::from_chars(p, e, l);
      if (r1.ec == std::errc() && r1.ptr < e && *r1.ptr == ':') {
        auto r2 = std::from_chars(r1.ptr + 1, e, c);
        if (r2.ec == std::errc() && r2.ptr + 2 <= e) rest = std::string(r2.ptr + 2, e);
      }
    }
    const std::string kInner = "groups[0].rules";
    if (rest.rfind(kInner, 0) == 0) rest = rest.substr(kInner.size());
    if (!rest.empty() && rest.front() != '[') rest = ": " + rest;  // not inside the rule
    int file_line = l > kWrapLines ? first_line + (l - kWrapLines - 1) : first_line;
    int file_col = c > kWrapIndent ? c - kWrapIndent + problems.IndentOf(first_line) : 1;
    // `rest` is "[0].expr: problem" or ": problem"; split at the first ": ".
    size_t sep = rest.find(": ");
    std::string sub = sep == std::string::npos ? "" : rest.substr(0, sep);
    std::string problem = sep == std::string::npos ? rest : rest.substr(sep + 2);
    problems.AddAt(file_line, file_col, path + sub, problem);
  }
}

// Parses the `rule` block: one alerting rule that covers the entry.
std::string RuleText(const YAML::Node& node, const std::string& path, const CatalogEntry& entry,
                     Problems& problems) {
  if (!node.IsScalar() || node.Scalar().empty()) {
    problems.Add(node.Mark(), path, "must be a block of YAML text holding one alerting rule");
    return "";
  }
  const std::string& text = node.Scalar();
  const std::string wrapped = WrapRule(text);
  const std::string wrapped_origin = problems.origin() + "#" + path;
  // A block scalar's mark is its indicator ('|'); the text starts on the next line.
  const int first_line = node.Mark().line + 2;
  auto file = ParseRuleFile(wrapped, wrapped_origin);
  if (!file.ok()) {
    AddRuleProblems(file.status().message(), wrapped_origin, first_line, path, problems);
    return "";
  }
  if (file->alerts.size() != 1 || !file->records.empty()) {
    problems.AddAt(first_line, 1, path, "must hold exactly one alerting rule");
    return "";
  }
  const RuleDefinition& rule = file->alerts.front();
  auto expr = promql::Parse(rule.expr);
  bool covers =
      expr.ok() &&
      std::any_of(entry.covered_by.begin(), entry.covered_by.end(), [&](const std::string& item) {
        std::string alert = CoveringAlertName(item);
        return alert.empty() ? promql::SelectsMetric(*expr, item) : alert == rule.name;
      });
  if (!covers && !entry.covered_by.empty()) {
    problems.AddAt(first_line, 1, path, "the rule selects no covered_by metric");
    return "";
  }
  return text;
}

void ParseEntry(const YAML::Node& node, const std::string& path, Problems& problems,
                std::vector<CatalogEntry>& out) {
  if (!node.IsMap()) {
    problems.Add(node.Mark(), path, "must be a mapping");
    return;
  }
  static const std::set<std::string> kKeys = {"id", "title", "metrics", "covered_by", "rule"};
  std::set<std::string> seen;
  for (const auto& kv : node) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (!kKeys.count(key)) {
      problems.Add(kv.first.Mark(), path, "unknown key \"" + key + "\"");
    } else if (!seen.insert(key).second) {
      problems.Add(kv.first.Mark(), path + "." + key, "duplicate key");
    }
  }
  for (const std::string& key : kKeys) {
    if (!seen.count(key)) problems.Add(node.Mark(), path + "." + key, "is required");
  }
  if (seen.size() != kKeys.size()) return;
  CatalogEntry e;
  const YAML::Node id = node["id"], title = node["title"];
  e.id = id.IsScalar() ? id.Scalar() : "";
  if (!IsId(e.id)) problems.Add(id.Mark(), path + ".id", "must match [a-z0-9-]+");
  e.title = title.IsScalar() ? title.Scalar() : "";
  if (e.title.empty()) problems.Add(title.Mark(), path + ".title", "must be a non-empty string");
  e.metrics = NameList(node["metrics"], path + ".metrics", false, problems);
  e.covered_by = NameList(node["covered_by"], path + ".covered_by", true, problems);
  e.rule_yaml = RuleText(node["rule"], path + ".rule", e, problems);
  out.push_back(std::move(e));
}

Result<std::vector<CatalogEntry>> ParseDocument(const YAML::Node& doc, Problems& problems) {
  std::vector<CatalogEntry> out;
  if (!doc.IsMap()) {
    problems.Add(doc.Mark(), "entries", "the file must be a mapping with `entries`");
    return problems.ToStatus();
  }
  for (const auto& kv : doc) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (key != "entries") problems.Add(kv.first.Mark(), key, "unknown key");
  }
  const YAML::Node entries = doc["entries"];
  if (!entries || !entries.IsSequence()) {
    problems.Add(entries ? entries.Mark() : doc.Mark(), "entries", "must be a list");
    return problems.ToStatus();
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    ParseEntry(entries[i], "entries[" + std::to_string(i) + "]", problems, out);
  }
  if (!problems.empty()) return problems.ToStatus();
  return out;
}

}  // namespace

std::string CoveringAlertName(std::string_view item) {
  if (item.substr(0, kAlertNamePrefix.size()) != kAlertNamePrefix) return "";
  return std::string(item.substr(kAlertNamePrefix.size()));
}

Result<std::vector<CatalogEntry>> ParseCatalogFile(std::string_view yaml_text,
                                                   std::string_view origin) {
  Problems problems(origin, yaml_text);
  try {
    YAML::Node doc = YAML::Load(std::string(yaml_text));
    return ParseDocument(doc, problems);
  } catch (const YAML::Exception& e) {
    problems.Add(e.mark, "", "invalid YAML: " + e.msg);
    return problems.ToStatus();
  }
}

Result<std::vector<CatalogEntry>> ParseCatalog(
    const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<CatalogEntry> out;
  std::map<std::string, std::string> first_origin;
  std::string errors;
  for (const auto& [origin, text] : files) {
    auto entries = ParseCatalogFile(text, origin);
    if (!entries.ok()) {
      errors += (errors.empty() ? "" : "\n") + entries.status().message();
      continue;
    }
    for (size_t i = 0; i < entries->size(); ++i) {
      CatalogEntry& e = (*entries)[i];
      auto [it, fresh] = first_origin.emplace(e.id, origin);
      if (!fresh) {
        errors += (errors.empty() ? "" : "\n") + origin + ": entries[" + std::to_string(i) +
                  "].id: duplicate id \"" + e.id + "\" (first in " + it->second + ")";
      }
      out.push_back(std::move(e));
    }
  }
  if (!errors.empty()) return InvalidArgument(errors, "catalog");
  return out;
}

Result<RuleDefinition> CatalogRule(const CatalogEntry& entry) {
  NAGAME_ASSIGN_OR_RETURN(RuleFile file,
                          ParseRuleFile(WrapRule(entry.rule_yaml), "catalog " + entry.id));
  if (file.alerts.size() != 1) return InvalidArgument("not one alerting rule", entry.id);
  return file.alerts.front();
}

const Result<std::vector<CatalogEntry>>& BuiltinCatalog() {
  static const Result<std::vector<CatalogEntry>> kCatalog = ParseCatalog(BuiltinCatalogFiles());
  return kCatalog;
}

}  // namespace nagame::rules

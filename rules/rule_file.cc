// Reads Prometheus rule files with yaml-cpp; its exceptions stop in this file.
#include "rules/rule_file.h"

#include <algorithm>
#include <optional>
#include <set>

#include <yaml-cpp/yaml.h>

#include "rules/promql/ast.h"
#include "rules/promql/names.h"
#include "rules/promql/parser.h"
#include "rules/utf8.h"

namespace nagame::rules {
namespace {

using promql::IsLabelName;
using promql::IsMetricName;
using promql::QuoteForMessage;

// --- Where the bytes of a scalar came from ----------------------------------------------------

bool IsBreak(char c) { return c == '\n' || c == '\r'; }

// Skips one line break (\n, \r\n or \r) at doc[i].
size_t SkipBreak(std::string_view doc, size_t i) {
  if (doc[i] == '\r' && i + 1 < doc.size() && doc[i + 1] == '\n') return i + 2;
  return i + 1;
}

// Rebuilds a scalar's value from the document while recording, for each value byte, the
// document offset it came from.
class SourceMap {
 public:
  SourceMap(std::string_view doc, size_t start, std::string_view value)
      : doc_(doc), start_(start), value_(value) {}

  // offsets[i] is the document offset of value byte i; offsets[value.size()] is the end.
  // nullopt when the style is not followed here (explicit block indentation) or the rebuilt
  // value differs from `value`.
  std::optional<std::vector<size_t>> Build() {
    SkipProperties();
    if (start_ >= doc_.size()) return std::nullopt;
    char c = doc_[start_];
    bool ok = (c == '|' || c == '>') ? Block(c == '|') : Flow();
    if (!ok) return std::nullopt;
    auto rtrim = [](std::string_view s) {
      while (!s.empty() && s.back() == '\n') s.remove_suffix(1);
      return s;
    };
    if (rtrim(out_) != rtrim(value_)) return std::nullopt;
    while (map_.size() < value_.size() + 1) map_.push_back(end_);
    map_.resize(value_.size() + 1);
    return std::move(map_);
  }

 private:
  // Moves start_ past an anchor (`&name`) and a tag (`!tag`) written before the scalar.
  void SkipProperties() {
    while (start_ < doc_.size() && (doc_[start_] == '&' || doc_[start_] == '!')) {
      while (start_ < doc_.size() && doc_[start_] != ' ' && !IsBreak(doc_[start_])) ++start_;
      while (start_ < doc_.size() && doc_[start_] == ' ') ++start_;
    }
  }

  void Emit(char c, size_t at) {
    out_ += c;
    map_.push_back(at);
  }

  // Plain, single- and double-quoted scalars, with YAML's line folding.
  bool Flow() {
    size_t i = start_;
    char quote = 0;
    if (doc_[i] == '"' || doc_[i] == '\'') quote = doc_[i++];
    while (i < doc_.size()) {
      if (quote == 0 && out_.size() >= value_.size()) break;
      char c = doc_[i];
      if (quote != 0 && c == quote) {
        if (quote == '\'' && i + 1 < doc_.size() && doc_[i + 1] == '\'') {
          Emit('\'', i);
          i += 2;
          continue;
        }
        end_ = i;  // the closing quote: where an error "at the end" points
        return true;
      }
      if (quote == '"' && c == '\\') {
        if (!DoubleQuotedEscape(&i)) return false;
        continue;
      }
      if (c == ' ' || c == '\t') {
        size_t j = i;
        while (j < doc_.size() && (doc_[j] == ' ' || doc_[j] == '\t')) ++j;
        if (j < doc_.size() && IsBreak(doc_[j])) {  // trailing white space is dropped
          i = j;
          continue;
        }
        for (; i < j; ++i) Emit(doc_[i], i);
        continue;
      }
      if (IsBreak(c)) {
        size_t at = i;
        i = SkipBreak(doc_, i);
        int empty_lines = 0;
        while (true) {
          size_t j = i;
          while (j < doc_.size() && (doc_[j] == ' ' || doc_[j] == '\t')) ++j;
          if (j < doc_.size() && IsBreak(doc_[j])) {
            ++empty_lines;
            i = SkipBreak(doc_, j);
            continue;
          }
          i = j;
          break;
        }
        if (empty_lines == 0) {
          Emit(' ', at);
        } else {
          for (int k = 0; k < empty_lines; ++k) Emit('\n', at);
        }
        continue;
      }
      Emit(c, i);
      ++i;
    }
    end_ = i;
    return true;
  }

  // A backslash escape in a double-quoted scalar at doc_[*i].
  bool DoubleQuotedEscape(size_t* i) {
    size_t at = *i;
    if (at + 1 >= doc_.size()) return false;
    char e = doc_[at + 1];
    if (IsBreak(e)) {  // an escaped line break joins the lines
      size_t j = SkipBreak(doc_, at + 1);
      while (j < doc_.size() && (doc_[j] == ' ' || doc_[j] == '\t')) ++j;
      *i = j;
      return true;
    }
    std::string bytes;
    size_t next = at + 2;
    switch (e) {
      case '0':
        bytes = std::string(1, '\0');
        break;
      case 'a':
        bytes = "\a";
        break;
      case 'b':
        bytes = "\b";
        break;
      case 't':
      case '\t':
        bytes = "\t";
        break;
      case 'n':
        bytes = "\n";
        break;
      case 'v':
        bytes = "\v";
        break;
      case 'f':
        bytes = "\f";
        break;
      case 'r':
        bytes = "\r";
        break;
      case 'e':
        bytes = "\x1b";
        break;
      case ' ':
      case '"':
      case '/':
      case '\\':
        bytes = std::string(1, e);
        break;
      case 'N':
        AppendUtf8(0x85, bytes);
        break;
      case '_':
        AppendUtf8(0xA0, bytes);
        break;
      case 'L':
        AppendUtf8(0x2028, bytes);
        break;
      case 'P':
        AppendUtf8(0x2029, bytes);
        break;
      case 'x':
      case 'u':
      case 'U': {
        size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (at + 2 + digits > doc_.size()) return false;
        uint32_t cp = 0;
        for (size_t k = 0; k < digits; ++k) {
          char h = doc_[at + 2 + k];
          int v = (h >= '0' && h <= '9')   ? h - '0'
                  : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                  : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                           : -1;
          if (v < 0) return false;
          cp = cp * 16 + static_cast<uint32_t>(v);
        }
        if (cp > 0x10FFFF) return false;
        AppendUtf8(cp, bytes);
        next = at + 2 + digits;
        break;
      }
      default:
        return false;
    }
    for (char b : bytes) Emit(b, at);
    *i = next;
    return true;
  }

  // Literal (|) and folded (>) block scalars with auto-detected indentation.
  bool Block(bool literal) {
    size_t i = start_ + 1;
    while (i < doc_.size() && (doc_[i] == '+' || doc_[i] == '-')) ++i;
    if (i < doc_.size() && doc_[i] >= '1' && doc_[i] <= '9') return false;  // explicit indent
    while (i < doc_.size() && !IsBreak(doc_[i])) ++i;  // rest of the header line (a comment)
    if (i >= doc_.size()) return false;
    i = SkipBreak(doc_, i);
    struct Line {
      bool empty;
      size_t begin, end;  // content (after the indentation), or the line start when empty
    };
    std::vector<Line> lines;
    size_t indent = 0;
    while (i < doc_.size()) {
      size_t spaces = 0;
      while (i + spaces < doc_.size() && doc_[i + spaces] == ' ') ++spaces;
      size_t e = i + spaces;
      while (e < doc_.size() && !IsBreak(doc_[e])) ++e;
      bool blank = true;
      for (size_t k = i + spaces; k < e; ++k) blank = blank && (doc_[k] == '\t' || doc_[k] == ' ');
      if (blank) {
        lines.push_back({true, i, i});
      } else {
        if (indent == 0) indent = spaces;
        if (spaces < indent || indent == 0) break;
        lines.push_back({false, i + indent, e});
      }
      i = e < doc_.size() ? SkipBreak(doc_, e) : e;
    }
    end_ = i;
    for (const Line& l : lines) {
      if (!l.empty) end_ = l.end;  // an error at the end points after the last character
    }
    bool previous_content = false;
    int pending_empty = 0;
    for (const Line& l : lines) {
      if (l.empty) {
        ++pending_empty;
        if (literal || !previous_content) Emit('\n', l.begin);
        continue;
      }
      if (!literal && previous_content) {
        if (pending_empty == 0) {
          Emit(' ', l.begin);
        } else {
          for (int k = 0; k < pending_empty; ++k) Emit('\n', l.begin);
        }
      }
      for (size_t k = l.begin; k < l.end; ++k) Emit(doc_[k], k);
      if (literal) Emit('\n', l.end);
      previous_content = true;
      pending_empty = 0;
    }
    return true;
  }

  std::string_view doc_;
  size_t start_;
  std::string_view value_;
  std::string out_;
  std::vector<size_t> map_;
  size_t end_ = 0;
};

// --- The walk ----------------------------------------------------------------------------------

struct Problem {
  size_t line = 0;    // 0-based, as yaml-cpp marks are
  size_t column = 0;  // 0-based
  std::string path;
  std::string text;
};

constexpr char kPrometheusRuleApi[] = "monitoring.coreos.com/";

struct Entry {
  std::string key;
  YAML::Node value;
  YAML::Mark key_mark;
  std::string path;
};

std::string Join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

class Reader {
 public:
  Reader(std::string_view text, std::string_view origin) : text_(text), origin_(origin) {}

  Result<RuleFile> Run() {
    file_.file = origin_;
    std::vector<YAML::Node> documents;
    try {
      documents = YAML::LoadAll(std::string(text_));
    } catch (const YAML::Exception& e) {
      AddAt(e.mark, "", "invalid YAML: " + e.msg);
      return ToStatus();
    }
    try {
      ReadDocuments(documents);
    } catch (const YAML::Exception& e) {
      AddAt(e.mark, "", "cannot read this part of the file: " + e.msg);
    } catch (const std::exception& e) {
      AddAt(YAML::Mark(), "", std::string("cannot read the file: ") + e.what());
    }
    if (!problems_.empty()) return ToStatus();
    return std::move(file_);
  }

 private:
  void AddAt(const YAML::Mark& mark, std::string path, std::string text) {
    Problem p;
    if (!mark.is_null() && mark.line >= 0 && mark.column >= 0) {
      p.line = static_cast<size_t>(mark.line);
      p.column = static_cast<size_t>(mark.column);
    }
    p.path = std::move(path);
    p.text = std::move(text);
    problems_.push_back(std::move(p));
  }

  Status ToStatus() const {
    std::string message;
    for (const Problem& p : problems_) {
      if (!message.empty()) message += "\n";
      message +=
          origin_ + ":" + std::to_string(p.line + 1) + ":" + std::to_string(p.column + 1) + ": ";
      if (!p.path.empty()) message += p.path + ": ";
      message += p.text;
    }
    return InvalidArgument(std::move(message), problems_.front().path);
  }

  // The entries of a mapping (null: none). Reports a non-mapping, non-scalar keys, duplicate
  // and unknown keys; returns nullopt if `node` is not a mapping.
  std::optional<std::vector<Entry>> Map(const YAML::Node& node, const std::string& path,
                                        const std::vector<std::string_view>& known,
                                        std::string_view what) {
    std::vector<Entry> out;
    if (!node.IsDefined() || node.IsNull()) return out;
    if (!node.IsMap()) {
      AddAt(node.Mark(), path, "must be a mapping (" + std::string(what) + ")");
      return std::nullopt;
    }
    std::set<std::string> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
      // Copies: `it->first` lives in a temporary proxy that dies with the full-expression.
      YAML::Node key = it->first;
      YAML::Node value = it->second;
      if (!key.IsScalar()) {
        AddAt(key.Mark(), path, "keys must be strings");
        continue;
      }
      std::string name = key.Scalar();
      std::string shown = IsLabelName(name) ? name : QuoteForMessage(name);
      std::string kpath = Join(path, shown);
      if (!seen.insert(name).second) {
        AddAt(key.Mark(), kpath, "duplicate key");
        continue;
      }
      if (!known.empty() && std::find(known.begin(), known.end(), name) == known.end()) {
        std::string list;
        for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        AddAt(key.Mark(), kpath, "unknown key (expected one of: " + list + ")");
        continue;
      }
      out.push_back({name, value, key.Mark(), kpath});
    }
    return out;
  }

  static const Entry* Find(const std::vector<Entry>& entries, std::string_view key) {
    for (const Entry& e : entries) {
      if (e.key == key) return &e;
    }
    return nullptr;
  }

  // A scalar's text; reports and returns nullopt for mappings and sequences. Null is "".
  std::optional<std::string> Scalar(const Entry& e) {
    if (e.value.IsNull()) return std::string();
    if (!e.value.IsScalar()) {
      AddAt(e.value.Mark(), e.path, "must be a string");
      return std::nullopt;
    }
    return e.value.Scalar();
  }

  std::optional<Duration> ReadDuration(const Entry& e) {
    std::optional<std::string> text = Scalar(e);
    if (!text) return std::nullopt;
    if (*text == "0") return Duration::zero();
    auto d = promql::ParsePromDuration(*text);
    if (!d.ok()) {
      AddAt(e.value.Mark(), e.path, "not a duration: " + QuoteForMessage(*text));
      return std::nullopt;
    }
    return *d;
  }

  // A mapping of label (or annotation) names to scalar values.
  Labels ReadLabels(const Entry& e, std::string_view noun) {
    Labels out;
    auto entries = Map(e.value, e.path, {}, std::string(noun) + " name: value");
    if (!entries) return out;
    for (const Entry& item : *entries) {
      if (!IsLabelName(item.key) || (noun == "label" && item.key == "__name__")) {
        AddAt(item.key_mark, item.path,
              "invalid " + std::string(noun) + " name " + QuoteForMessage(item.key));
        continue;
      }
      if (std::optional<std::string> v = Scalar(item)) out[item.key] = *v;
    }
    return out;
  }

  // Prometheus reads the first document of a rule file; a stream of PrometheusRule objects
  // (`---` between them, as kubectl and Helm write them) is read whole.
  void ReadDocuments(const std::vector<YAML::Node>& documents) {
    if (documents.empty()) return;
    if (!IsKubernetesObject(documents.front())) {
      ReadDocument(documents.front());
      return;
    }
    for (const YAML::Node& document : documents) {
      if (document.IsDefined() && !document.IsNull()) ReadPrometheusRule(document);
    }
  }

  // A document: a rule file, or a PrometheusRule object (prometheus-operator's custom
  // resource) whose `spec` holds the same groups.
  void ReadDocument(const YAML::Node& root) {
    if (IsKubernetesObject(root)) {
      ReadPrometheusRule(root);
      return;
    }
    auto entries = Map(root, "", {"groups"}, "a rule file has a \"groups\" list");
    if (entries) ReadGroups(Find(*entries, "groups"), /*custom_resource=*/false);
  }

  static bool IsKubernetesObject(const YAML::Node& root) {
    return root.IsMap() && (root["apiVersion"] || root["kind"]);
  }

  // kind PrometheusRule, apiVersion monitoring.coreos.com/*; metadata is not read. Another
  // kind is reported alone, not with every key it has that a PrometheusRule has not.
  void ReadPrometheusRule(const YAML::Node& root) {
    if (!root.IsMap()) {
      AddAt(root.Mark(), "", "must be a mapping (a PrometheusRule)");
      return;
    }
    const YAML::Node kind = root["kind"];
    std::string kind_text = kind && kind.IsScalar() ? kind.Scalar() : "";
    if (kind_text != "PrometheusRule") {
      AddAt(kind ? kind.Mark() : root.Mark(), "kind",
            "a Kubernetes object of kind " + QuoteForMessage(kind_text) +
                " is not a rule file (expected PrometheusRule)");
      return;
    }
    auto entries = Map(root, "", {"apiVersion", "kind", "metadata", "spec"}, "a PrometheusRule");
    if (!entries) return;
    const Entry* api = Find(*entries, "apiVersion");
    std::string api_text = api != nullptr ? Scalar(*api).value_or("") : "";
    if (api_text.rfind(kPrometheusRuleApi, 0) != 0) {
      AddAt(api != nullptr ? api->value.Mark() : root.Mark(), "apiVersion",
            "expected " + std::string(kPrometheusRuleApi) + "…, not " + QuoteForMessage(api_text));
      return;
    }
    const Entry* spec = Find(*entries, "spec");
    if (spec == nullptr) return;
    auto spec_entries = Map(spec->value, spec->path, {"groups"}, "a PrometheusRule's spec");
    if (spec_entries) ReadGroups(Find(*spec_entries, "groups"), /*custom_resource=*/true);
  }

  void ReadGroups(const Entry* groups, bool custom_resource) {
    if (groups == nullptr || groups->value.IsNull()) return;
    if (!groups->value.IsSequence()) {
      AddAt(groups->value.Mark(), groups->path, "must be a list of rule groups");
      return;
    }
    std::set<std::string> names;
    size_t index = 0;
    for (const YAML::Node& group : groups->value) {
      ReadGroup(group, groups->path + "[" + std::to_string(index++) + "]", names, custom_resource);
    }
  }

  // `custom_resource`: the group of a PrometheusRule, which may also hold Thanos'
  // partial_response_strategy (not read).
  void ReadGroup(const YAML::Node& node, const std::string& path, std::set<std::string>& names,
                 bool custom_resource) {
    std::vector<std::string_view> known = {"name",  "interval", "query_offset",
                                           "limit", "labels",   "rules"};
    if (custom_resource) known.push_back("partial_response_strategy");
    auto entries = Map(node, path, known, "a rule group");
    if (!entries) return;
    if (node.IsNull()) {
      AddAt(node.Mark(), path, "empty rule group");
      return;
    }
    RuleGroup group;
    group.line = node.Mark().line + 1;
    const Entry* name = Find(*entries, "name");
    if (name == nullptr) {
      AddAt(node.Mark(), Join(path, "name"), "group name is required");
    } else if (std::optional<std::string> n = Scalar(*name)) {
      if (n->empty()) {
        AddAt(name->value.Mark(), name->path, "group name must not be empty");
      } else if (!names.insert(*n).second) {
        AddAt(name->value.Mark(), name->path,
              "group name " + QuoteForMessage(*n) + " repeated in the same file");
      }
      group.name = *n;
    }
    for (const Entry& e : *entries) {
      if (e.key == "interval") {
        if (auto d = ReadDuration(e)) group.interval = *d;
      } else if (e.key == "query_offset") {
        if (auto d = ReadDuration(e)) group.query_offset = *d;
      } else if (e.key == "limit") {
        std::optional<std::string> text = Scalar(e);
        int64_t v = 0;
        bool ok =
            text.has_value() && !text->empty() &&
            std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; }) &&
            text->size() <= 18;
        if (ok) {
          v = std::stoll(*text);
          group.limit = v;
        } else if (text) {
          AddAt(e.value.Mark(), e.path, "must be a non-negative integer");
        }
      } else if (e.key == "labels") {
        group.labels = ReadLabels(e, "label");
      }
    }
    file_.groups.push_back(group);
    const Entry* rules = Find(*entries, "rules");
    if (rules == nullptr || rules->value.IsNull()) return;
    if (!rules->value.IsSequence()) {
      AddAt(rules->value.Mark(), rules->path, "must be a list of rules");
      return;
    }
    size_t index = 0;
    for (const YAML::Node& rule : rules->value) {
      ReadRule(rule, rules->path + "[" + std::to_string(index++) + "]", group);
    }
  }

  void ReadRule(const YAML::Node& node, const std::string& path, const RuleGroup& group) {
    auto entries = Map(
        node, path, {"alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations"},
        "a rule");
    if (!entries) return;
    std::string alert, record, expr;
    const Entry* alert_entry = Find(*entries, "alert");
    const Entry* record_entry = Find(*entries, "record");
    const Entry* expr_entry = Find(*entries, "expr");
    if (alert_entry != nullptr) alert = Scalar(*alert_entry).value_or("");
    if (record_entry != nullptr) record = Scalar(*record_entry).value_or("");
    if (!alert.empty() && !record.empty()) {
      AddAt(node.Mark(), path, "only one of 'record' and 'alert' must be set");
    } else if (alert.empty() && record.empty()) {
      AddAt(node.Mark(), path, "one of 'record' or 'alert' must be set");
    }
    if (!record.empty() && !IsMetricName(record)) {
      AddAt(record_entry->value.Mark(), record_entry->path,
            "invalid recording rule name " + QuoteForMessage(record));
    }
    if (expr_entry != nullptr) expr = Scalar(*expr_entry).value_or("");
    if (expr_entry == nullptr) {
      AddAt(node.Mark(), Join(path, "expr"), "field 'expr' must be set in rule");
    } else if (expr.empty()) {
      AddAt(expr_entry->value.Mark(), expr_entry->path, "field 'expr' must be set in rule");
    } else {
      CheckExpr(*expr_entry, expr);
    }
    Duration for_duration{0}, keep_firing_for{0};
    Labels labels = group.labels;
    Labels annotations;
    for (const Entry& e : *entries) {
      if (e.key == "for") {
        if (auto d = ReadDuration(e)) for_duration = *d;
      } else if (e.key == "keep_firing_for") {
        if (auto d = ReadDuration(e)) keep_firing_for = *d;
      } else if (e.key == "labels") {
        for (auto& [k, v] : ReadLabels(e, "label")) labels[k] = v;
      } else if (e.key == "annotations") {
        annotations = ReadLabels(e, "annotation");
      }
    }
    int line = node.Mark().line + 1;
    if (!record.empty() && alert.empty()) {
      for (const char* key : {"for", "keep_firing_for", "annotations"}) {
        const Entry* e = Find(*entries, key);
        bool set = e != nullptr && !e->value.IsNull() &&
                   (std::string_view(key) == "annotations" ? !annotations.empty()
                    : std::string_view(key) == "for"       ? for_duration != Duration::zero()
                                                           : keep_firing_for != Duration::zero());
        if (set) {
          AddAt(e->key_mark, e->path, "invalid field '" + std::string(key) + "' in recording rule");
        }
      }
      file_.records.push_back({record, group.name, origin_, line, expr, labels});
    } else if (!alert.empty() && record.empty()) {
      RuleDefinition r;
      r.name = alert;
      r.group = group.name;
      r.file = origin_;
      r.line = line;
      r.expr = expr;
      r.for_duration = for_duration;
      r.keep_firing_for = keep_firing_for;
      r.labels = std::move(labels);
      r.annotations = std::move(annotations);
      file_.alerts.push_back(std::move(r));
    }
  }

  // Parses `expr` as PromQL; a problem points into the file where the error is.
  void CheckExpr(const Entry& e, const std::string& expr) {
    promql::ParseError error;
    if (promql::Parse(expr, &error).ok()) return;
    YAML::Mark mark = e.value.Mark();
    size_t start = mark.pos >= 0 ? static_cast<size_t>(mark.pos) : text_.size();
    std::optional<std::vector<size_t>> map = SourceMap(text_, start, expr).Build();
    if (!map) {
      AddAt(mark, e.path,
            "could not parse expression: " + std::to_string(error.line) + ":" +
                std::to_string(error.column) + ": " + error.message);
      return;
    }
    size_t at = (*map)[std::min(error.offset, map->size() - 1)];
    Problem p;
    p.path = e.path;
    p.text = "could not parse expression: " + error.message;
    size_t line_start = 0;
    for (size_t i = 0; i < at && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++p.line;
        line_start = i + 1;
      }
    }
    p.column = at - line_start;
    problems_.push_back(std::move(p));
  }

  std::string_view text_;
  std::string origin_;
  RuleFile file_;
  std::vector<Problem> problems_;
};

}  // namespace

Result<RuleFile> ParseRuleFile(std::string_view yaml_text, std::string_view origin) {
  return Reader(yaml_text, origin).Run();
}

}  // namespace nagame::rules

// stale/silence-no-owner: an active silence whose comment names no ticket and gives no reason.
#include <algorithm>
#include <cctype>
#include <set>

#include "rules/checks/checks.h"
#include "rules/promql/regex.h"
#include "rules/rule_history.h"
#include "rules/silence_match.h"

namespace nagame::rules::checks {
namespace {

// Words that say nothing about why a silence exists.
const std::set<std::string>& Boilerplate() {
  static const std::set<std::string> kWords = {
      "silence", "silenced", "silences", "silencing", "mute",        "muted", "muting", "test",
      "testing", "tmp",      "temp",     "temporary", "temporarily", "todo",  "wip",    "fixme",
      "asdf",    "foo",      "bar",      "xxx",       "ack",         "acked", "alert",  "alerts",
      "noise",   "noisy",    "please",   "pls",       "for",         "now",   "the",    "an",
      "to",      "of",       "on",       "in",        "at",          "and",   "or",     "is",
      "it",      "this",     "that",     "by",        "with",        "from",  "be",     "will",
      "until",   "till"};
  return kWords;
}

// Splits `text` into words: runs of ASCII letters and digits (lower-cased), and runs of
// non-ASCII text, which count one word per two characters (CJK writes no spaces).
std::vector<std::pair<std::string, int>> Words(const std::string& text) {
  std::vector<std::pair<std::string, int>> out;
  std::string word;
  int chars = 0;
  bool wide = false;
  auto flush = [&] {
    if (!word.empty()) out.push_back({word, wide ? std::max(1, chars / 2) : 1});
    word.clear();
    chars = 0;
    wide = false;
  };
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    bool ascii_word = std::isalnum(c) != 0;
    if (!ascii_word && c < 0x80) {
      flush();
      continue;
    }
    if (c >= 0x80) wide = true;
    if ((c & 0xC0) != 0x80) ++chars;  // not a UTF-8 continuation byte
    word += static_cast<char>(c < 0x80 ? std::tolower(c) : c);
  }
  flush();
  return out;
}

class StaleSilenceNoOwnerCheck : public Check {
 public:
  std::string_view id() const override { return "stale/silence-no-owner"; }
  Category category() const override { return Category::kStale; }
  std::string_view description() const override {
    return "an active silence whose comment has no ticket (a URL or ticket_pattern) and fewer "
           "than min_words words beyond boilerplate and the silence's own matchers";
  }
  nlohmann::json default_options() const override {
    return {{"min_words", 3}, {"ticket_pattern", "[A-Z][A-Z0-9]+-[0-9]+"}};
  }

  Result<std::vector<Problem>> Run(const CheckInput& in, const CheckOptions& opt) const override {
    NAGAME_RETURN_IF_ERROR(RequireInput(in.silences_availability, "Alertmanager silences"));
    const double min_words = opt.Number("min_words");
    const std::string pattern = opt.Text("ticket_pattern");
    // RE2 syntax, as every other pattern in Nagame's configuration.
    Result<promql::Regex> ticket = promql::Regex::Compile(pattern);
    if (!ticket.ok()) return InvalidArgument("not a valid regular expression", "ticket_pattern");
    static const promql::Regex kUrl = *promql::Regex::Compile("(?i)https?://\\S+");
    std::vector<Problem> out;
    for (const Silence& s : in.silences) {
      if (!IsActiveSilence(s, in.now)) continue;
      if (kUrl.Contains(s.comment) || ticket->Contains(s.comment)) continue;
      int words = MeaningfulWords(s);
      if (words >= min_words) continue;
      Problem p;
      p.source = "alertmanager";
      p.rule = SilencedRule(s);
      p.severity = Severity::kInfo;
      std::string comment = s.comment.size() > 60 ? s.comment.substr(0, 57) + "..." : s.comment;
      p.summary = DescribeSilence(s) + (s.created_by.empty() ? "" : " by " + s.created_by) +
                  ": comment " + nlohmann::json(comment).dump() + " names no ticket or reason";
      p.evidence = SilenceEvidence(s, in.now);
      p.evidence["meaningful_words"] = words;
      p.fix.text = "add a ticket (ABC-123 or a link) or the reason to its comment, or expire it: " +
                   ExpireCommand(s);
      out.push_back(std::move(p));
    }
    return out;
  }

 private:
  // Words of the comment that are not boilerplate, nor a word of the silence's own matchers
  // ("silence HighCPU on web-1" says nothing the matchers do not).
  static int MeaningfulWords(const Silence& s) {
    std::set<std::string> known;
    for (const SilenceMatcher& m : s.matchers) {
      for (const std::string& text : {m.name, m.value}) {
        for (const auto& [w, n] : Words(text)) known.insert(w);
      }
    }
    int count = 0;
    for (const auto& [w, n] : Words(s.comment)) {
      bool ascii = std::all_of(w.begin(), w.end(),
                               [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      if (ascii && (w.size() < 2 || Boilerplate().count(w))) continue;
      if (known.count(w)) continue;
      count += n;
    }
    return count;
  }
};

}  // namespace

const Check& StaleSilenceNoOwner() {
  static const StaleSilenceNoOwnerCheck kCheck;
  return kCheck;
}

}  // namespace nagame::rules::checks

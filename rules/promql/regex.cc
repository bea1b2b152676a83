// RE2 → ECMAScript translation and matching for label-matcher patterns.
#include "rules/promql/regex.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <vector>

#include "rules/promql/ast.h"

namespace nagame::rules::promql {
namespace {

constexpr long kMaxRepeat = 1000;     // RE2's limit on {n,m}
constexpr double kMaxStates = 10000;  // rough NFA size above which we refuse to compile
constexpr int kMaxGroupDepth = 1000;  // RE2's nesting limit

enum class Verdict { kOk, kInvalid, kUnsupported };

struct Translation {
  Verdict verdict = Verdict::kOk;
  std::string ecma;
  bool icase = false;
  std::string problem;  // for kInvalid
};

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Reads a counted repetition `{n}`, `{n,}` or `{n,m}` starting at p[i] == '{'. Returns false if
// the text there is not one (RE2 then takes the brace literally). `max` is -1 when unbounded.
bool ReadRepeat(std::string_view p, size_t i, size_t* end, long* min, long* max) {
  size_t j = i + 1;
  auto number = [&](long* out) {
    size_t start = j;
    long v = 0;
    while (j < p.size() && p[j] >= '0' && p[j] <= '9') {
      if (v <= 100000) v = v * 10 + (p[j] - '0');
      ++j;
    }
    *out = v;
    return j > start;
  };
  if (!number(min)) return false;
  *max = *min;
  if (j < p.size() && p[j] == ',') {
    ++j;
    if (j < p.size() && p[j] == '}') {
      *max = -1;
    } else if (!number(max)) {
      return false;
    }
  }
  if (j >= p.size() || p[j] != '}') return false;
  *end = j + 1;
  return true;
}

class Translator {
 public:
  explicit Translator(std::string_view p) : p_(p) {}

  Translation Run() {
    sums_.push_back(0);
    while (i_ < p_.size() && t_.verdict != Verdict::kInvalid) Step();
    if (t_.verdict == Verdict::kInvalid) return t_;
    if (depth_ != 0) return Invalid("missing closing )");
    if (too_large_) Unsupported();
    return t_;
  }

 private:
  Translation Invalid(std::string problem) {
    t_.verdict = Verdict::kInvalid;
    t_.problem = std::move(problem);
    return t_;
  }
  void Unsupported() {
    if (t_.verdict == Verdict::kOk) t_.verdict = Verdict::kUnsupported;
  }
  void Atom(double size) {
    sums_.back() += size;
    last_ = size;
    if (sums_.back() > kMaxStates) too_large_ = true;
  }

  void Step() {
    char c = p_[i_];
    std::string& out = t_.ecma;
    switch (c) {
      case '\\':
        Escape();
        return;
      case '[':
        Class();
        return;
      case '(':
        OpenGroup();
        return;
      case ')':
        if (depth_ == 0) {
          Invalid("unexpected )");
          return;
        }
        {
          double size = sums_.back();
          sums_.pop_back();
          --depth_;
          sums_.back() += size;
          last_ = std::max(size, 1.0);
        }
        out += ')';
        ++i_;
        return;
      case '|':
        out += '|';
        last_ = 0;
        ++i_;
        return;
      case '*':
      case '+':
      case '?':
        if (last_ == 0) {
          Invalid(std::string("missing argument to repetition operator: ") + c);
          return;
        }
        out += c;
        ++i_;
        if (i_ < p_.size() && p_[i_] == '?') {
          out += '?';
          ++i_;
        }
        last_ = 0;
        return;
      case '{': {
        size_t end;
        long min, max;
        if (!ReadRepeat(p_, i_, &end, &min, &max)) {
          out += "\\{";
          Atom(1);
          ++i_;
          return;
        }
        if (last_ == 0) {
          Invalid("missing argument to repetition operator: {");
          return;
        }
        if (min > kMaxRepeat || max > kMaxRepeat || (max >= 0 && max < min)) {
          Invalid("invalid repeat count: " + std::string(p_.substr(i_, end - i_)));
          return;
        }
        long copies = std::max(min, max);
        sums_.back() += last_ * static_cast<double>(std::max(copies - 1, 0L));
        if (sums_.back() > kMaxStates) too_large_ = true;
        out.append(p_.substr(i_, end - i_));
        i_ = end;
        if (i_ < p_.size() && p_[i_] == '?') {
          out += '?';
          ++i_;
        }
        last_ = 0;
        return;
      }
      case '}':
      case ']':
        out += '\\';
        out += c;
        Atom(1);
        ++i_;
        return;
      case '^':
      case '$':
        out += c;
        last_ = 0;
        ++i_;
        return;
      default:
        if (static_cast<unsigned char>(c) >= 0x80) {
          // A multi-byte rune: RE2 repeats the rune, std::regex only its last byte.
          size_t j = i_ + 1;
          while (j < p_.size() && (static_cast<unsigned char>(p_[j]) & 0xC0) == 0x80) ++j;
          out.append(p_.substr(i_, j - i_));
          i_ = j;
          if (i_ < p_.size() &&
              (p_[i_] == '*' || p_[i_] == '+' || p_[i_] == '?' || p_[i_] == '{')) {
            Unsupported();
          }
          Atom(1);
          return;
        }
        out += c;
        Atom(1);
        ++i_;
        return;
    }
  }

  // An escape outside a character class; p_[i_] == '\\'.
  void Escape() {
    std::string& out = t_.ecma;
    if (i_ + 1 >= p_.size()) {
      Invalid("trailing backslash at end of expression");
      return;
    }
    char e = p_[i_ + 1];
    i_ += 2;
    switch (e) {
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 's':
      case 'S':
      case 't':
      case 'n':
      case 'r':
      case 'f':
      case 'v':
        out += '\\';
        out += e;
        Atom(1);
        return;
      case 'b':
      case 'B':
        out += '\\';
        out += e;
        last_ = 0;
        return;
      case 'a':
        out += "\\x07";
        Atom(1);
        return;
      case 'A':
        out += '^';
        last_ = 0;
        return;
      case 'z':
        out += '$';
        last_ = 0;
        return;
      case 'Q': {
        size_t stop = p_.find("\\E", i_);
        std::string_view lit = p_.substr(i_, stop == std::string_view::npos ? stop : stop - i_);
        for (char l : lit) {
          if (!IsAsciiAlnum(l) && static_cast<unsigned char>(l) < 0x80) out += '\\';
          out += l;
          Atom(1);
        }
        i_ = stop == std::string_view::npos ? p_.size() : stop + 2;
        return;
      }
      case 'x':
        HexEscape();
        return;
      case 'p':
      case 'P':
      case 'C':
      case 'E':
        Unsupported();
        out += '.';  // placeholder; never compiled while unsupported
        Atom(1);
        return;
      default:
        break;
    }
    if (e >= '1' && e <= '9' && (i_ >= p_.size() || p_[i_] < '0' || p_[i_] > '7')) {
      Invalid(std::string("invalid escape sequence: \\") + e);
      return;
    }
    if (e >= '0' && e <= '9') {  // octal
      Unsupported();
      out += '.';
      Atom(1);
      return;
    }
    if (IsAsciiAlnum(e) || static_cast<unsigned char>(e) >= 0x80) {
      Invalid(std::string("invalid escape sequence: \\") + e);
      return;
    }
    out += '\\';
    out += e;
    Atom(1);
  }

  // After "\x": \xHH or \x{H…}. Only ASCII code points translate byte-for-byte.
  void HexEscape() {
    std::string& out = t_.ecma;
    unsigned long v = 0;
    if (i_ < p_.size() && p_[i_] == '{') {
      size_t close = p_.find('}', i_);
      if (close == std::string_view::npos || close == i_ + 1) {
        Invalid("invalid escape sequence: \\x");
        return;
      }
      for (size_t k = i_ + 1; k < close; ++k) {
        if (!IsHex(p_[k]) || v > 0x10FFFF) {
          Invalid("invalid escape sequence: \\x");
          return;
        }
        v = v * 16 + std::stoul(std::string(1, p_[k]), nullptr, 16);
      }
      i_ = close + 1;
    } else {
      if (i_ + 1 >= p_.size() || !IsHex(p_[i_]) || !IsHex(p_[i_ + 1])) {
        Invalid("invalid escape sequence: \\x");
        return;
      }
      v = std::stoul(std::string(p_.substr(i_, 2)), nullptr, 16);
      i_ += 2;
    }
    if (v > 0x7F) {
      Unsupported();
      out += '.';
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02lx", v);
      out += buf;
    }
    Atom(1);
  }

  // A bracketed class; p_[i_] == '['.
  void Class() {
    std::string& out = t_.ecma;
    out += '[';
    ++i_;
    if (i_ < p_.size() && p_[i_] == '^') {
      out += '^';
      ++i_;
    }
    if (i_ < p_.size() && p_[i_] == ']') {
      out += "\\]";
      ++i_;
    }
    while (true) {
      if (i_ >= p_.size()) {
        Invalid("missing closing ]");
        return;
      }
      char c = p_[i_];
      if (c == ']') {
        out += ']';
        ++i_;
        Atom(1);
        return;
      }
      if (c == '[' && i_ + 1 < p_.size() && p_[i_ + 1] == ':') {
        size_t close = p_.find(":]", i_ + 2);
        if (close == std::string_view::npos) {
          out += "\\[";
          ++i_;
          continue;
        }
        std::string name(p_.substr(i_ + 2, close - i_ - 2));
        static const char* kKnown[] = {"alnum", "alpha", "blank", "cntrl", "digit", "graph",
                                       "lower", "print", "punct", "space", "upper", "xdigit"};
        if (std::find(std::begin(kKnown), std::end(kKnown), name) == std::end(kKnown)) {
          if (name != "ascii" && name != "word" && name.rfind('^', 0) != 0) {
            Invalid("invalid character class range: [:" + name + ":]");
            return;
          }
          Unsupported();
        }
        out.append(p_.substr(i_, close + 2 - i_));
        i_ = close + 2;
        continue;
      }
      if (c == '[') {
        out += "\\[";
        ++i_;
        continue;
      }
      if (c == '\\') {
        if (i_ + 1 >= p_.size()) {
          Invalid("missing closing ]");
          return;
        }
        char e = p_[i_ + 1];
        if (e == 'x') {
          i_ += 2;
          HexEscape();
          last_ = 0;
          sums_.back() -= 1;  // HexEscape counted an atom; the class is one atom
          continue;
        }
        if (e == 'p' || e == 'P' || (e >= '0' && e <= '9')) {
          Unsupported();
          out += "\\\\";
          i_ += 2;
          continue;
        }
        static const std::string kClassEscapes = "dDwWsStnrfv";
        if (IsAsciiAlnum(e) && kClassEscapes.find(e) == std::string::npos) {
          if (e == 'a') {
            out += "\\x07";
            i_ += 2;
            continue;
          }
          Invalid(std::string("invalid escape sequence: \\") + e);
          return;
        }
        out += '\\';
        out += e;
        i_ += 2;
        continue;
      }
      if (static_cast<unsigned char>(c) >= 0x80) Unsupported();  // runes, not bytes, in RE2
      out += c;
      ++i_;
    }
  }

  void OpenGroup() {
    std::string& out = t_.ecma;
    if (++depth_ > kMaxGroupDepth) {
      Invalid("expression nests too deeply");
      return;
    }
    if (i_ + 1 < p_.size() && p_[i_ + 1] == '?') {
      std::string_view rest = p_.substr(i_ + 2);
      if (rest.starts_with(":")) {
        out += "(?:";
        i_ += 3;
      } else if (rest.starts_with("P<") ||
                 (rest.starts_with("<") && !rest.starts_with("<=") && !rest.starts_with("<!"))) {
        size_t close = p_.find('>', i_);
        if (close == std::string_view::npos) {
          Invalid("invalid named capture");
          return;
        }
        out += '(';
        i_ = close + 1;
      } else {
        // Flags: (?flags) or (?flags:re), flags from "imsU" with an optional '-'.
        size_t j = i_ + 2;
        bool negated = false, any = false;
        while (j < p_.size() && p_[j] != ')' && p_[j] != ':') {
          char f = p_[j];
          if (f == '-' && !negated) {
            negated = true;
          } else if (f == 'i' || f == 'm' || f == 's' || f == 'U') {
            any = true;
            if (f == 'i' && !negated) t_.icase = true;  // approximated as whole-pattern
          } else {
            Invalid("invalid or unsupported Perl syntax: (?" + std::string(1, f));
            return;
          }
          ++j;
        }
        if (j >= p_.size() || !any) {
          Invalid("invalid or unsupported Perl syntax: (?");
          return;
        }
        if (p_[j] == ')') {  // flags for the rest of the group: no group opened
          --depth_;
          i_ = j + 1;
          last_ = 0;
          return;
        }
        out += "(?:";
        i_ = j + 1;
      }
    } else {
      out += '(';
      ++i_;
    }
    sums_.push_back(0);
    last_ = 0;
  }

  std::string_view p_;
  size_t i_ = 0;
  int depth_ = 0;
  bool too_large_ = false;    // the NFA would be too big to build: accept, don't compile
  double last_ = 0;           // size of the previous atom; 0 when nothing can be repeated
  std::vector<double> sums_;  // size so far of each open group
  Translation t_;
};

}  // namespace

Result<Regex> Regex::Compile(std::string_view pattern) {
  Regex r;
  r.pattern_ = std::string(pattern);
  Translation t = Translator(pattern).Run();
  if (t.verdict == Verdict::kInvalid) {
    return InvalidArgument("invalid regular expression " + QuoteForMessage(pattern) + ": " +
                           t.problem);
  }
  if (t.verdict == Verdict::kUnsupported || pattern.size() > kMaxCompiledLength) return r;
  auto flags = std::regex::ECMAScript | std::regex::nosubs;
  if (t.icase) flags |= std::regex::icase;
#if defined(__GLIBCXX__)
  flags |= std::regex_constants::__polynomial;  // Thompson-style matching: no exponential time
#endif
  try {
    r.compiled_ = std::make_shared<const std::regex>(t.ecma, flags);
  } catch (const std::regex_error& e) {
    return InvalidArgument("invalid regular expression " + QuoteForMessage(pattern) + ": " +
                           e.what());
  } catch (const std::exception&) {
    return InvalidArgument("invalid regular expression " + QuoteForMessage(pattern) +
                           ": expression too large");
  }
  return r;
}

std::optional<bool> Regex::FullMatch(std::string_view text) const {
  if (!compiled_ || text.size() > kMaxMatchedLength) return std::nullopt;
  try {
    return std::regex_match(text.begin(), text.end(), *compiled_);
  } catch (const std::exception&) {
    return std::nullopt;  // e.g. regex_error(error_complexity)
  }
}

}  // namespace nagame::rules::promql

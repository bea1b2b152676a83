// Tests for the PromQL parser: valid expressions and the metrics they name, precedence, error
// positions, hostile input, and every expression of real rule files.
#include "rules/promql/parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

#include "rules/promql/selectors.h"
#include "rules/rule_file.h"
#include "tests/support/files.h"

namespace nagame::rules::promql {
namespace {

std::string Names(const Expr& e) {
  std::string out;
  for (const std::string& n : MetricNames(e)) out += (out.empty() ? "" : ",") + n;
  return out;
}

// The tree with every operator node parenthesized: shows precedence and associativity.
std::string Tree(const Expr& e) {
  if (const BinaryExpr* b = e.As<BinaryExpr>()) {
    return "(" + Tree(*b->lhs) + " " + BinaryOpText(b->op) + " " + Tree(*b->rhs) + ")";
  }
  if (const UnaryExpr* u = e.As<UnaryExpr>()) {
    return std::string("(") + (u->negative ? "-" : "+") + Tree(*u->expr) + ")";
  }
  if (const ParenExpr* p = e.As<ParenExpr>()) return Tree(*p->expr);
  if (const SubqueryExpr* s = e.As<SubqueryExpr>()) return "subquery(" + Tree(*s->expr) + ")";
  if (const Call* c = e.As<Call>()) {
    std::string out = c->function + "(";
    for (size_t i = 0; i < c->args.size(); ++i) out += (i ? ", " : "") + Tree(*c->args[i]);
    return out + ")";
  }
  return Format(e);
}

TEST(Parse, ValidExpressionsNameTheirMetrics) {
  struct Case {
    const char* text;
    const char* names;      // MetricNames, comma-joined
    const char* formatted;  // Format(Parse(text))
  };
  const Case cases[] = {
      {"up", "up", "up"},
      {"up{job=\"node\", instance!=\"a\", mode=~\"idle|user\", cpu!~\"1.*\"}", "up",
       "up{cpu!~\"1.*\",instance!=\"a\",job=\"node\",mode=~\"idle|user\"}"},
      {"{__name__=\"node_load1\"}", "node_load1", "{__name__=\"node_load1\"}"},
      {"{__name__=~\"node_load1|node_load5\", job=\"n\"}", "",
       "{__name__=~\"node_load1|node_load5\",job=\"n\"}"},
      {"rate(http_requests_total[5m])", "http_requests_total", "rate(http_requests_total[5m])"},
      {"rate(x[1h30m])", "x", "rate(x[1h30m])"},
      {"rate(x[90m])", "x", "rate(x[1h30m])"},
      {"avg_over_time(x[1d]) + avg_over_time(y[1w]) + max_over_time(z[1y]) + "
       "min_over_time(w[500ms])",
       "w,x,y,z",
       "avg_over_time(x[1d]) + avg_over_time(y[1w]) + max_over_time(z[1y]) + "
       "min_over_time(w[500ms])"},
      {"x offset 5m", "x", "x offset 5m"},
      {"x offset -5m", "x", "x offset -5m"},
      {"rate(x[5m] offset 1w)", "x", "rate(x[5m] offset 1w)"},
      {"x @ 1609746000", "x", "x @ 1609746000.000"},
      {"x @ start() offset 1m", "x", "x @ start() offset 1m"},
      {"rate(x[5m] @ end())", "x", "rate(x[5m] @ end())"},
      {"x offset 5m @ -10", "x", "x @ -10.000 offset 5m"},
      {"max_over_time(rate(x[5m])[30m:1m])", "x", "max_over_time(rate(x[5m])[30m:1m])"},
      {"max_over_time(deriv(rate(x[1m])[5m:1m])[10m:])", "x",
       "max_over_time(deriv(rate(x[1m])[5m:1m])[10m:])"},
      {"min_over_time(up[30m:] offset 1h @ end())", "up",
       "min_over_time(up[30m:] @ end() offset 1h)"},
      {"sum by (job) (rate(x[5m]))", "x", "sum by (job) (rate(x[5m]))"},
      {"sum(rate(x[5m])) without (instance, cpu)", "x",
       "sum without (instance, cpu) (rate(x[5m]))"},
      {"sum by () (x)", "x", "sum(x)"},
      {"topk(3, sum by (a) (avg_over_time(b[1h])))", "b",
       "topk(3, sum by (a) (avg_over_time(b[1h])))"},
      {"count_values(\"version\", build_info)", "build_info",
       "count_values(\"version\", build_info)"},
      {"quantile(0.9, rate(x[5m]))", "x", "quantile(0.9, rate(x[5m]))"},
      {"limitk(2, x) + limit_ratio(0.5, y)", "x,y", "limitk(2, x) + limit_ratio(0.5, y)"},
      {"histogram_quantile(0.99, sum by (le) (rate(latency_bucket{job=\"api\"}[5m])))",
       "latency_bucket",
       "histogram_quantile(0.99, sum by (le) (rate(latency_bucket{job=\"api\"}[5m])))"},
      {"a * on (instance) group_left (nodename) b", "a,b",
       "a * on (instance) group_left (nodename) b"},
      {"a / ignoring(code) group_right b", "a,b", "a / ignoring (code) group_right () b"},
      {"a == bool on() b", "a,b", "a == bool on () b"},
      {"a > bool 1", "a", "a > bool 1"},
      {"a and b or c unless d", "a,b,c,d", "a and b or c unless d"},
      {"x # a comment\n  + y # another", "x,y", "x + y"},
      {"x{a=\"}{\\\"'\", b='\"{', c=`\\d+}`}", "x", "x{a=\"}{\\\"'\",b=\"\\\"{\",c=\"\\\\d+}\"}"},
      {"x{a=\"\\x41\\u00e9\\101\\n\"}", "x",
       "x{a=\"A\xC3\xA9"
       "A\\n\"}"},
      {"x{by=\"a\", on=\"b\", sum=\"c\", offset=\"d\"}", "x",
       "x{by=\"a\",offset=\"d\",on=\"b\",sum=\"c\"}"},
      {"sum by (on, by, sum, bool, group_left) (z)", "z",
       "sum by (on, by, sum, bool, group_left) (z)"},
      {"sum", "sum", "sum"},
      {"count{a=\"b\"} + and + offset + by + start", "and,by,count,offset,start",
       "count{a=\"b\"} + and + offset + by + start"},
      {"job:request_rate:5m > 2", "job:request_rate:5m", "job:request_rate:5m > 2"},
      {"SUM(x) BY (a) AND ON (b) Y", "Y,x", "sum by (a) (x) and on (b) Y"},
      {"0x1F + 1e3 + .5 + 0755", "", "31 + 1000 + 0.5 + 493"},
      {"-Inf + +Inf + NaN + 1e-7 + 1234567 + 123456", "",
       "-Inf + +Inf + NaN + 1e-07 + 1.234567e+06 + 123456"},
      {"- - 1", "", "1"},
      {"-x", "x", "-x"},
      {"\"a string\"", "", "\"a string\""},
      {"absent(nonexistent{job=\"myjob\"})", "nonexistent", "absent(nonexistent{job=\"myjob\"})"},
      {"label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")", "up",
       "label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")"},
      {"label_join(up, \"a\", \",\", \"b\", \"c\")", "up",
       "label_join(up, \"a\", \",\", \"b\", \"c\")"},
      {"round(x) + round(x, 5) + day_of_week() + time() + vector(1) + pi()", "x",
       "round(x) + round(x, 5) + day_of_week() + time() + vector(1) + pi()"},
      {"predict_linear(node_filesystem_free_bytes{fstype!=\"tmpfs\"}[6h], 4 * 3600) < 0",
       "node_filesystem_free_bytes",
       "predict_linear(node_filesystem_free_bytes{fstype!=\"tmpfs\"}[6h], 4 * 3600) < 0"},
      {"((x))", "x", "((x))"},
      {"x{a=\"b\",}", "x", "x{a=\"b\"}"},
      {"{a!=\"\"}", "", "{a!=\"\"}"},
      {"{a=~\".+\"}", "", "{a=~\".+\"}"},
      {"x{}", "x", "x"},  // a name is a non-empty matcher: Prometheus accepts this
      {"x{a=~\"(?i)foo\"}", "x", "x{a=~\"(?i)foo\"}"},
      {"holt_winters(x[1h], 0.5, 0.5) + double_exponential_smoothing(y[1h], 0.5, 0.5)", "x,y",
       "holt_winters(x[1h], 0.5, 0.5) + double_exponential_smoothing(y[1h], 0.5, 0.5)"},
  };
  for (const Case& c : cases) {
    auto e = Parse(c.text);
    ASSERT_TRUE(e.ok()) << c.text << "\n" << e.status().ToString();
    EXPECT_EQ(Names(*e), c.names) << c.text;
    std::string formatted = Format(*e);
    EXPECT_EQ(formatted, c.formatted) << c.text;
    // The printed form reads back to itself.
    auto again = Parse(formatted);
    ASSERT_TRUE(again.ok()) << formatted << "\n" << again.status().ToString();
    EXPECT_EQ(Format(*again), formatted);
  }
}

TEST(Parse, PrecedenceAndAssociativityFollowPrometheus) {
  struct Case {
    const char* text;
    const char* tree;
  };
  const Case cases[] = {
      {"a + b * c", "(a + (b * c))"},
      {"a * b + c", "((a * b) + c)"},
      {"a - b - c", "((a - b) - c)"},
      {"a / b % c atan2 d", "(((a / b) % c) atan2 d)"},
      {"2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))"},
      {"-a ^ 2", "(-(a ^ 2))"},
      {"-a * b", "((-a) * b)"},
      {"a + -b * c", "(a + ((-b) * c))"},
      {"2 ^ -1 * 3", "((2 ^ -1) * 3)"},
      {"a or b and c unless d", "(a or ((b and c) unless d))"},
      {"a == b + c", "(a == (b + c))"},
      {"a > b and c < d or e", "(((a > b) and (c < d)) or e)"},
      {"a == bool b != bool c", "((a == b) != c)"},
      {"a + b offset 5m", "(a + b offset 5m)"},
      {"-x offset 5m", "(-x offset 5m)"},
      {"a + b @ 5", "(a + b @ 5.000)"},
      {"max_over_time(a[5m:]) + b", "(max_over_time(subquery(a)) + b)"},
      {"(a + b)[5m:1m]", "subquery((a + b))"},
      {"rate(x[5m]) * on(a) group_left y + z", "((rate(x[5m]) * y) + z)"},
  };
  for (const Case& c : cases) {
    auto e = Parse(c.text);
    ASSERT_TRUE(e.ok()) << c.text << "\n" << e.status().ToString();
    EXPECT_EQ(Tree(*e), c.tree) << c.text;
  }
}

TEST(Parse, BrokenExpressionsReportWhereAndWhat) {
  struct Case {
    const char* text;
    const char* error;  // the whole Status message
  };
  const Case cases[] = {
      {"rate(x[5m]", "1:11: unclosed left parenthesis"},
      {"x[5m", "1:5: unclosed left bracket"},
      {"sum by (a b) (x)",
       "1:11: unexpected identifier \"b\" in grouping opts, expected \",\" or \")\""},
      {"x{a=\"b\"", "1:8: unexpected end of input inside braces"},
      {"x{a=\"b\" c=\"d\"}",
       "1:9: unexpected identifier \"c\" in label matching, expected \",\" or \"}\""},
      {"x{a=}", "1:5: unexpected \"}\" in label matching, expected string"},
      {"x{a}", "1:4: unexpected \"}\" in label matching, expected one of =, !=, =~, !~"},
      {"x{,}", "1:3: unexpected \",\" in label matching, expected label name or \"}\""},
      {"x[5x]", "1:3: bad number or duration syntax: \"5x\""},
      {"x[30m1h]", "1:3: not a valid duration string: \"30m1h\""},
      {"x[0s]", "1:3: duration must be greater than 0"},
      {"x[5m:0s]", "1:6: duration must be greater than 0"},
      {"1 +", "1:4: unexpected end of input, expected an expression"},
      {"1 +\n\n  ", "3:3: unexpected end of input, expected an expression"},
      {"{}", "1:1: vector selector must contain at least one non-empty matcher"},
      {"{a=~\".*\"}", "1:1: vector selector must contain at least one non-empty matcher"},
      {"{a=\"\"}", "1:1: vector selector must contain at least one non-empty matcher"},
      {"x{a=\"unterminated}", "1:5: unterminated quoted string"},
      {"\"abc", "1:1: unterminated quoted string"},
      {"`abc", "1:1: unterminated raw string"},
      {"x{a=\"\\q\"}", "1:6: unknown escape sequence \\q"},
      {"x{a=\"\\xZZ\"}", "1:6: illegal character \"Z\" in escape sequence"},
      {"", "1:1: no expression found in input"},
      {"  # only a comment", "1:1: no expression found in input"},
      {"foo bar",
       "1:5: unexpected identifier \"bar\", expected an operator or the end of the expression"},
      {"x )", "1:3: unexpected right parenthesis \")\""},
      {"x ]", "1:3: unexpected right bracket \"]\""},
      {"on", "1:1: unexpected \"on\", expected an expression"},
      {"a + on", "1:7: unexpected end of input in grouping opts, expected \"(\""},
      {"foo:bar(x)", "1:8: unexpected \"(\", expected an operator or the end of the expression"},
      {"unknown_fn(x)", "1:1: unknown function with name \"unknown_fn\""},
      {"rate(x)",
       "1:6: expected type range vector in call to function \"rate\", got instant vector"},
      {"abs(x[5m])",
       "1:5: expected type instant vector in call to function \"abs\", got range vector"},
      {"round(x, 1, 2)", "1:1: expected at most 2 argument(s) in call to \"round\", got 3"},
      {"label_replace(x, \"a\")",
       "1:1: expected 5 argument(s) in call to \"label_replace\", got 2"},
      {"rate(x[5m],)", "1:11: trailing commas not allowed in function call args"},
      {"sum()", "1:1: no arguments for aggregate expression provided"},
      {"topk(x)",
       "1:1: wrong number of arguments for aggregate expression provided, expected 2, got 1"},
      {"sum(x[5m])",
       "1:5: expected type instant vector in aggregation expression, got range vector"},
      {"count_values(1, x)", "1:14: expected type string in aggregation parameter, got scalar"},
      {"sum by (a) (x) by (b)",
       "1:16: unexpected \"by\", expected an operator or the end of the expression"},
      {"sum by (x:y) (z)",
       "1:9: unexpected metric identifier \"x:y\" in grouping opts, expected label"},
      {"x offset 5m offset 5m", "1:13: offset may not be set multiple times"},
      {"x @ 1 @ 2", "1:7: @ <timestamp> may not be set multiple times"},
      {"x @ inf", "1:5: timestamp out of bounds for @ modifier"},
      {"x @ start", "1:10: unexpected end of input in @, expected \"(\""},
      {"x offset",
       "1:9: unexpected end of input in offset, expected number, duration, step(), or "
       "range()"},
      {"x offset \"5m\"",
       "1:10: unexpected string \"5m\" in offset, expected number, duration, "
       "step(), or range()"},
      {"x offset 1h [5m]", "1:13: no offset modifiers allowed before range"},
      {"x @ 1 [5m]", "1:7: no @ modifiers allowed before range"},
      {"(x)[5m]", "1:4: ranges only allowed for vector selectors"},
      {"x[5m][5m]", "1:6: ranges only allowed for vector selectors"},
      {"(x) offset 5m",
       "1:5: offset modifier must be preceded by an instant vector selector or range vector "
       "selector or a subquery"},
      {"x[5m][10m:]", "1:1: subquery is only allowed on instant vector, got range vector instead"},
      {"x[5m:1m:1m]", "1:8: unexpected colon \":\""},
      {"-x[5m]",
       "1:1: unary expression only allowed on expressions of type scalar or instant vector, got "
       "range vector"},
      {"1 > 2", "1:3: comparisons between scalars must use BOOL modifier"},
      {"x + bool y", "1:3: bool modifier can only be used on comparison operators"},
      {"x and 1", "1:3: set operator \"and\" not allowed in binary scalar expression"},
      {"x and on(a) group_left y", "1:3: no grouping allowed for \"and\" operation"},
      {"x + on(a) group_left(a) y",
       "1:3: label \"a\" must not occur in ON and GROUP clause at once"},
      {"1 + on(a) x", "1:3: vector matching only allowed between instant vectors"},
      {"x * group_left y",
       "1:5: unexpected \"group_left\": on(...) or ignoring(...) must come before it"},
      {"x{__name__=\"y\"}", "1:1: metric name must not be set twice: \"x\" or \"y\""},
      {"x{a=~\"(\"}", "1:6: invalid regular expression \"(\": missing ): ("},
      {"x{a=~\"a{1001}\"}",
       "1:6: invalid regular expression \"a{1001}\": invalid repetition size: {1001}"},
      {"x{a=~\"(?=a)\"}", "1:6: invalid regular expression \"(?=a)\": invalid perl operator: (?="},
      {"x =~ y", "1:3: unexpected character after '=': '~' (=~ is only valid inside {...})"},
      {"1e999", "1:1: number out of range: \"1e999\""},
      {"0x", "1:1: bad number syntax: \"0x\""},
      {"5m", "1:1: unexpected duration \"5m\", expected an expression"},
      {"x $ y", "1:3: unexpected character: \"$\""},
      // Prometheus 3's experiments are off by default, as in Prometheus.
      {"x[5m + 1m]", "1:3: experimental duration expression is not enabled"},
      {"x offset step()", "1:10: experimental duration expression is not enabled"},
      {"x[5m] anchored", "1:7: anchored modifier is experimental and not enabled"},
      {"start()", "1:1: function \"start\" is not enabled"},
      {"rate(\n  x[5m]\n) +\n  sum(y[5m])",
       "4:7: expected type instant vector in aggregation expression, got range vector"},
  };
  for (const Case& c : cases) {
    ParseError detail;
    auto e = Parse(c.text, &detail);
    ASSERT_FALSE(e.ok()) << c.text << " parsed as " << Format(*e);
    EXPECT_EQ(e.status().code(), Code::kInvalidArgument) << c.text;
    EXPECT_EQ(e.status().message(), c.error) << c.text;
    EXPECT_EQ(
        std::to_string(detail.line) + ":" + std::to_string(detail.column) + ": " + detail.message,
        c.error)
        << c.text;
  }
}

// Prometheus 3's grammar: what it accepts by default, what only its experimental feature flags
// accept (ParseOptions::experimental), and how each accepted expression prints back.
TEST(Parse, Prometheus3Grammar) {
  enum Verdict { kRejected, kExperimental, kAccepted };
  struct Case {
    const char* text;
    Verdict verdict;
    const char* printed;  // Format of the tree, for accepted cases
  };
  const Case cases[] = {
      // Quoted UTF-8 names, as OpenTelemetry metrics use them.
      {R"({"rpc.server.duration"})", kAccepted, R"({__name__="rpc.server.duration"})"},
      {R"({"rpc.server.duration", "rpc.system"="grpc"})", kAccepted,
       R"({"rpc.system"="grpc",__name__="rpc.server.duration"})"},
      {R"({'db.client.ops', `net.peer`=~"a.*",})", kAccepted,
       R"({"net.peer"=~"a.*",__name__="db.client.ops"})"},
      {R"(sum by ("service.name", job) (rate({"http.requests"}[5m])))", kAccepted,
       R"(sum by ("service.name", job) (rate({__name__="http.requests"}[5m])))"},
      {R"(a / on ("k8s.pod") group_left ("k8s.node") b)", kAccepted,
       R"(a / on ("k8s.pod") group_left ("k8s.node") b)"},
      {R"(up{"ok_name"="x"})", kAccepted, R"(up{ok_name="x"})"},
      {R"(up{"other"})", kRejected, ""},          // the name twice
      {R"(sum by ("") (x))", kRejected, ""},      // an empty label name
      {R"(sum by ("\xff") (x))", kRejected, ""},  // not UTF-8
      {R"({"a" = })", kRejected, ""},
      // Numbers are seconds wherever a duration goes.
      {"x offset 90", kAccepted, "x offset 1m30s"},
      {"x offset -30", kAccepted, "x offset -30s"},
      {"x offset 0.25", kAccepted, "x offset 250ms"},
      {"rate(x[120])", kAccepted, "rate(x[2m])"},
      {"x[0.0005]", kAccepted, "x[0.0005]"},
      {"x[200y]", kAccepted, "x[200y]"},  // exact, not through floating-point seconds
      {"max_over_time(x[1h:30])", kAccepted, "max_over_time(x[1h:30s])"},
      {"x @ 2m", kAccepted, "x @ 120.000"},
      {"x[0]", kRejected, ""},
      {"x[-60]", kRejected, ""},
      {"x[1e20]", kRejected, ""},  // past int64 nanoseconds
      {"x offset -1 ^ 2", kAccepted, "x offset -1s ^ 2"},
      // start() and end(): at `@` always; as functions only with the experiments.
      {"x @ start()", kAccepted, "x @ start()"},
      {"start() - end()", kExperimental, "start() - end()"},
      {"vector(end())", kExperimental, "vector(end())"},
      // Duration arithmetic and the extended range selectors are experimental.
      {"x[5m + 1m]", kExperimental, "x[5m + 1m]"},
      {"x[(2m)]", kExperimental, "x[(2m)]"},
      {"x[3 * step()]", kExperimental, "x[3s * step()]"},
      {"x[max_of(range(), 1m):step()]", kExperimental, "x[max_of(range(), 1m):step()]"},
      {"x offset (1h - 5m) * 2", kExperimental, "x offset (1h - 5m) * 2s"},
      {"x offset -(1h)", kExperimental, "x offset -(1h)"},
      {"x[10m] anchored", kExperimental, "x[10m] anchored"},
      {"x smoothed", kExperimental, "x smoothed"},
      {"x[5m / 0]", kRejected, ""},
      {"x[5m % 0s]", kRejected, ""},
      {"x[5m] anchored smoothed", kRejected, ""},
      {"x[5m:] anchored", kRejected, ""},
      {"sum(x) smoothed", kRejected, ""},
      // info(): the second argument holds label matchers only.
      {R"(info(x, {team=~".+"}))", kAccepted, R"(info(x, {team=~".+"}))"},
      {"info(x, {})", kAccepted, "info(x, {})"},
      {R"(info(x, y{a="b"}))", kRejected, ""},
      {"info(x, sum(y))", kRejected, ""},
      {"info(x, 1)", kRejected, ""},
  };
  ParseOptions experiments;
  experiments.experimental = true;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto plain = Parse(c.text);
    auto extended = Parse(c.text, nullptr, experiments);
    EXPECT_EQ(plain.ok(), c.verdict == kAccepted) << (plain.ok() ? "" : plain.status().message());
    EXPECT_EQ(extended.ok(), c.verdict != kRejected)
        << (extended.ok() ? "" : extended.status().message());
    if (!extended.ok()) continue;
    EXPECT_EQ(Format(*extended), c.printed);
    auto again = Parse(Format(*extended), nullptr, experiments);
    ASSERT_TRUE(again.ok()) << again.status().message();
    EXPECT_EQ(Format(*again), c.printed);
  }
}

TEST(Parse, NestingIsCappedNotRecursedIntoTheGround) {
  auto repeat = [](const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
  };
  EXPECT_TRUE(Parse(repeat("(", 200) + "x" + repeat(")", 200)).ok());
  EXPECT_TRUE(Parse(repeat("sum(", 100) + "x" + repeat(")", 100)).ok());

  auto deep = Parse(repeat("(", 100000) + "x" + repeat(")", 100000));
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.status().message(), "1:257: expression nested too deeply: more than 256 levels");
  EXPECT_FALSE(Parse(repeat("-", 100000) + "x").ok());
  EXPECT_FALSE(Parse(repeat("abs(", 100000) + "x").ok());
  EXPECT_FALSE(Parse("x" + repeat(" ^ x", 100000)).ok());
  EXPECT_FALSE(Parse(repeat("x[5m:]", 5000)).ok());

  // Duration expressions too, and a long chain of them is read in linear time.
  ParseOptions experiments;
  experiments.experimental = true;
  EXPECT_FALSE(
      Parse("x[" + repeat("(", 100000) + "5m" + repeat(")", 100000) + "]", nullptr, experiments)
          .ok());
  EXPECT_FALSE(Parse("x[" + repeat("-", 100000) + "5m]", nullptr, experiments).ok());
  EXPECT_TRUE(Parse("x[1s" + repeat(" + 1s", 100000) + "]", nullptr, experiments).ok());

  // Left-associative chains do not recurse while parsing, but the tree height is capped.
  EXPECT_TRUE(Parse("x" + repeat(" or x", 1000)).ok());
  auto tall = Parse("x" + repeat(" or x", 100000));
  ASSERT_FALSE(tall.ok());
  EXPECT_EQ(tall.status().message(),
            "1:1: expression too complex: more than 1024 levels of operators");
}

TEST(Parse, RandomMutationsNeverCrash) {
  const std::string seeds[] = {
      "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) / on(job) group_left "
      "sum(rate(x[5m] offset 1h @ start()))",
      "max_over_time(deriv(rate(x[1m])[5m:1m])[10m:]) > bool 2 ^ -3 # c",
      "label_replace(up{a='b', c!~`d`}, \"x\", \"$1\", \"y\", \"(.*)\") unless topk(3, z)",
  };
  const std::string alphabet = "(){}[]\"'`,:=!~@#+-*/%^<> \n\\0159.emsxyzabonbyoffset";
  std::mt19937 rng(42);
  int parsed = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string s = seeds[round % 3];
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits; ++k) {
      size_t at = rng() % (s.size() + 1);
      switch (rng() % 3) {
        case 0:
          s.insert(at, 1, alphabet[rng() % alphabet.size()]);
          break;
        case 1:
          if (at < s.size()) s.erase(at, 1);
          break;
        default:
          if (at < s.size()) s[at] = alphabet[rng() % alphabet.size()];
      }
    }
    ParseError detail;
    auto e = Parse(s, &detail);
    if (e.ok()) {
      ++parsed;
      EXPECT_TRUE(Parse(Format(*e)).ok()) << s << " → " << Format(*e);
    } else {
      EXPECT_LE(detail.offset, s.size()) << s;
      EXPECT_FALSE(detail.message.empty()) << s;
    }
  }
  EXPECT_GT(parsed, 0);
}

// Every expression of the Ceph alerts shipped by Debian parses, and names what it should.
TEST(Parse, ReadsEveryExpressionOfTheCephAlerts) {
  auto file = ParseRuleFile(testing::ReadFixture("rules/ceph_default_alerts.yml"),
                            "ceph_default_alerts.yml");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_EQ(file->alerts.size(), 58u);
  std::set<std::string> all;
  for (const RuleDefinition& rule : file->alerts) {
    auto e = Parse(rule.expr);
    ASSERT_TRUE(e.ok()) << rule.name << ": " << e.status().ToString();
    EXPECT_FALSE(MetricNames(*e).empty()) << rule.name;
    for (const std::string& n : MetricNames(*e)) all.insert(n);
    EXPECT_TRUE(Parse(Format(*e)).ok()) << rule.name << ": " << Format(*e);
  }
  for (const char* name :
       {"ceph_health_status", "ceph_health_detail", "ceph_mon_quorum_status", "ceph_mon_metadata",
        "ceph_osd_up", "ceph_osd_metadata", "ceph_osd_numpg", "ceph_pool_percent_used",
        "ceph_pg_total", "node_network_receive_drop_total", "node_filesystem_free_bytes",
        "node_network_mtu_bytes", "up", "ceph_daemon_health_metrics"}) {
    EXPECT_TRUE(all.count(name)) << name;
  }
  // Spot checks of single rules.
  auto find = [&](const std::string& name) -> const RuleDefinition& {
    for (const RuleDefinition& r : file->alerts) {
      if (r.name == name) return r;
    }
    ADD_FAILURE() << "no rule " << name;
    return file->alerts.front();
  };
  auto pg = Parse(find("CephPGImbalance").expr);
  ASSERT_TRUE(pg.ok());
  EXPECT_EQ(Names(*pg), "ceph_osd_metadata,ceph_osd_numpg");
  auto absent = Parse(find("PrometheusJobMissing").expr);
  ASSERT_TRUE(absent.ok());
  EXPECT_EQ(Format(*absent), "absent(up{job=\"ceph\"})");
}

TEST(Parse, ReadsTheDemoRulesIfPresent) {
  std::filesystem::path dir = std::filesystem::path(NAGAME_SOURCE_DIR) / "docker/demo/rules";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no " << dir;
  int exprs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yml" && entry.path().extension() != ".yaml") continue;
    auto file = ParseRuleFile(testing::ReadFile(entry.path()), entry.path().string());
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    for (const RuleDefinition& r : file->alerts) {
      auto e = Parse(r.expr);
      EXPECT_TRUE(e.ok()) << r.name << ": " << e.status().ToString();
      ++exprs;
    }
    for (const RecordingRule& r : file->records) {
      EXPECT_TRUE(Parse(r.expr).ok()) << r.record;
      ++exprs;
    }
  }
  EXPECT_GT(exprs, 0);
}

TEST(ParsePromDuration, StrictOrderAndUnits) {
  using namespace std::chrono;
  EXPECT_EQ(*ParsePromDuration("1h30m"), minutes(90));
  EXPECT_EQ(*ParsePromDuration("1y2w3d4h5m6s7ms"),
            hours(24 * 365 + 14 * 24 + 3 * 24 + 4) + minutes(5) + seconds(6) + milliseconds(7));
  EXPECT_EQ(*ParsePromDuration("0s"), Duration::zero());
  EXPECT_FALSE(ParsePromDuration("30m1h").ok());
  EXPECT_FALSE(ParsePromDuration("5m5m").ok());
  EXPECT_FALSE(ParsePromDuration("5").ok());
  EXPECT_FALSE(ParsePromDuration("1.5h").ok());
  EXPECT_FALSE(ParsePromDuration("").ok());
  EXPECT_FALSE(ParsePromDuration("-5m").ok());
  EXPECT_FALSE(ParsePromDuration("99999999999999999999y").ok());
  EXPECT_FALSE(ParsePromDuration("300000y").ok());  // over int64 nanoseconds
}

}  // namespace
}  // namespace nagame::rules::promql

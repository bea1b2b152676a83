// Conformance with Prometheus's own parser tests: every case of upstream's parse_test.go,
// extracted by scripts/promql_upstream_cases.py into the JSON-lines file named by
// NAGAME_PROMQL_UPSTREAM_CASES (skipped without it: upstream's text is not kept here). Each case
// must be accepted or rejected as upstream judges it, with the experimental features on as
// upstream's test parser has them, and every case that needs no experiment also with them off.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "rules/promql/ast.h"
#include "rules/promql/parser.h"

namespace nagame::rules::promql {
namespace {

std::string FromHex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

TEST(PromqlUpstream, EveryCaseJudgedAsUpstream) {
  const char* path = std::getenv("NAGAME_PROMQL_UPSTREAM_CASES");
  if (path == nullptr) GTEST_SKIP() << "NAGAME_PROMQL_UPSTREAM_CASES is not set";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  int total = 0, agree = 0, plain = 0, plain_agree = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    nlohmann::json c = nlohmann::json::parse(line);
    const std::string text = FromHex(c.at("input_hex").get<std::string>());
    const bool fail = c.at("fail").get<bool>();
    const bool experimental = !c.at("experimental").get<std::string>().empty();
    const std::string shown = text.size() > 120 ? text.substr(0, 120) + "…" : text;
    ParseOptions with_experiments;
    with_experiments.experimental = true;
    ParseError error;
    Result<Expr> parsed = Parse(text, &error, with_experiments);
    ++total;
    if (parsed.ok() != fail) {
      ++agree;
    } else {
      ADD_FAILURE() << (fail ? "accepted, upstream rejects: " : "rejected, upstream accepts: ")
                    << shown << (fail ? "" : "\n  " + error.message);
    }
    if (parsed.ok()) {  // the printed form reads back as the same expression
      const std::string printed = Format(*parsed);
      Result<Expr> again = Parse(printed, nullptr, with_experiments);
      EXPECT_TRUE(again.ok() && Format(*again) == printed) << shown << "\n  printed: " << printed;
    }
    if (experimental) continue;
    ++plain;
    if (Parse(text).ok() != fail) {
      ++plain_agree;
    } else {
      ADD_FAILURE() << "without experiments, " << (fail ? "accepted" : "rejected") << ": " << shown;
    }
  }
  std::printf("%d of %d judged as upstream (experiments on); %d of %d without experiments\n", agree,
              total, plain_agree, plain);
}

}  // namespace
}  // namespace nagame::rules::promql

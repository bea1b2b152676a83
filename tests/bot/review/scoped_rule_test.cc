// ReviewService::Rule and RulePage read one rule's history and the window's starts of the others
// (review_service.h, BuildRuleInputs and RunRuleChecks): on the demo history, seeded by the real
// `nagame seed-demo`, every rule's rows, findings and page items must equal what the whole
// input gives (Review and Agenda), co-firing partners and findings included; and Suggestions
// of one category the whole review's findings of that category.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bot/config.h"
#include "bot/review/review_service.h"
#include "rules/inventory.h"
#include "rules/problem.h"
#include "tests/support/files.h"
#include "tests/support/process.h"

namespace nagame::bot {
namespace {

constexpr char kNow[] = "2026-12-08T00:30:00Z";

// The problems `keep` accepts, as JSON, in their order.
template <typename Keep>
nlohmann::json ProblemsJson(const std::vector<rules::Problem>& problems, const Keep& keep) {
  nlohmann::json out = nlohmann::json::array();
  for (const rules::Problem& p : problems) {
    if (keep(p)) out.push_back(rules::ToJson(p));
  }
  return out;
}

nlohmann::json Items(const std::vector<rules::AgendaItem>& items) {
  nlohmann::json out = nlohmann::json::array();
  for (const rules::AgendaItem& i : items) {
    nlohmann::json problems = nlohmann::json::array();
    for (const rules::Problem& p : i.problems) problems.push_back(rules::ToJson(p));
    nlohmann::json partners = nlohmann::json::array();
    for (const auto& [rule, n] : i.partners) partners.push_back({rule, n});
    nlohmann::json weekday_hour = nlohmann::json::array();
    for (const auto& day : i.weekday_hour) weekday_hour.push_back(day);
    out.push_back({{"row", rules::ToJson(i.row)},
                   {"problems", problems},
                   {"daily_starts", i.daily_starts},
                   {"weekday_hour", weekday_hour},
                   {"duration_counts", i.duration_counts},
                   {"partners", partners},
                   {"decisions", i.decisions.size()},
                   {"acks", i.acks.size()}});
  }
  return out;
}

TEST(ScopedRuleInput, ScopedRuleInputMatchesFullInput) {
  testing::TempDir dir;
  const std::string config_path = (dir.path() / "nagame.yaml").string();
  testing::WriteFile(config_path, "database: \"" + (dir.path() / "nagame.db").string() +
                                      "\"\ntimezone: \"UTC\"\nrule_files: [\"" +
                                      (dir.path() / "*-rules.yml").string() + "\"]\n");
  auto seed = testing::Process::Start(
      {.name = "seed-demo",
       .argv = {NAGAME_BINARY, "seed-demo", "--config", config_path, "--rule-file",
                (dir.path() / "demo-history-rules.yml").string(), "--now", kNow},
       .log_dir = dir.path()});
  ASSERT_TRUE(seed.ok()) << seed.status().ToString();
  auto exit = (*seed)->WaitExit(std::chrono::seconds(120));
  ASSERT_TRUE(exit && exit->success()) << (*seed)->StderrTail();

  auto config = LoadConfig(config_path);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  const Time now = ParseRfc3339(kNow).value().value();
  auto service = ReviewService::Create(*config, {.clock = [now] { return now; }});
  ASSERT_TRUE(service.ok()) << service.status().ToString();
  auto window = (*service)->ParseWindowSpec("2026-W49");  // the last complete week
  ASSERT_TRUE(window.ok());
  auto full = (*service)->Review(*window);
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  auto agenda = (*service)->Agenda(*window);
  ASSERT_TRUE(agenda.ok()) << agenda.status().ToString();
  auto names = (*service)->RuleNames();
  ASSERT_TRUE(names.ok());
  ASSERT_GE(names->size(), 6u);

  size_t co_firing = 0, with_partners = 0;
  for (const std::string& name : *names) {
    SCOPED_TRACE(name);
    auto detail = (*service)->Rule(name, *window);
    ASSERT_TRUE(detail.ok()) << detail.status().ToString();
    nlohmann::json want_rows = nlohmann::json::array(), got_rows = nlohmann::json::array();
    for (const rules::InventoryRow& r : full->inventory.rows) {
      if (r.rule == name) want_rows.push_back(rules::ToJson(r));
    }
    for (const rules::InventoryRow& r : detail->rows) got_rows.push_back(rules::ToJson(r));
    EXPECT_EQ(got_rows, want_rows);
    const auto on_rule = [&name](const rules::Problem& p) { return p.rule == name; };
    for (const rules::Problem& p : full->report.problems) {
      co_firing += on_rule(p) && p.check == "noisy/co-firing";
    }
    EXPECT_EQ(ProblemsJson(detail->problems, [](const rules::Problem&) { return true; }),
              ProblemsJson(full->report.problems, on_rule));

    auto page = (*service)->RulePage(name, *window);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    std::vector<rules::AgendaItem> want_items, got_items;
    for (const rules::AgendaItem& i : agenda->items) {
      if (i.row.rule == name) want_items.push_back(i);
    }
    // The agenda lists a rule only when it fired or has findings; the page always does.
    for (const rules::AgendaItem& i : page->items) {
      if (i.row.episodes > 0 || !i.problems.empty()) got_items.push_back(i);
    }
    EXPECT_EQ(Items(got_items), Items(want_items));
    for (const rules::AgendaItem& i : got_items) with_partners += !i.partners.empty();
  }
  // The demo has co-firing rules: the part of the input the scoped read must not lose.
  EXPECT_GT(co_firing, 0u);
  EXPECT_GT(with_partners, 0u);

  // Suggestions of one category runs that category's checks only: the same findings.
  for (rules::Category c : {rules::Category::kNoisy, rules::Category::kStale,
                            rules::Category::kMissing, rules::Category::kLoad}) {
    SCOPED_TRACE(rules::CategoryName(c));
    auto some = (*service)->Suggestions(*window, c);
    ASSERT_TRUE(some.ok()) << some.status().ToString();
    EXPECT_EQ(ProblemsJson(some->problems, [](const rules::Problem&) { return true; }),
              ProblemsJson(full->report.problems,
                           [c](const rules::Problem& p) { return p.category == c; }));
  }
}

}  // namespace
}  // namespace nagame::bot

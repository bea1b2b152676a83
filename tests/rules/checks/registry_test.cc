// Every registered check: a well-formed id and options, and no crash on empty or malformed input
// (a check that cannot use its input is "unable to run", never an internal error).
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "rules/check_runner.h"
#include "tests/support/history_builder.h"

namespace nagame::rules {
namespace {

using namespace std::chrono_literals;
using testing::HistoryBuilder;
using testing::Week;

TEST(Registry, IdsNameTheirCategoryAndDefaultsValidate) {
  std::set<std::string> seen;
  ChecksSettings settings;
  for (const Check* c : AllChecks()) {
    std::string id(c->id());
    SCOPED_TRACE(id);
    EXPECT_TRUE(seen.insert(id).second) << "registered twice";
    EXPECT_EQ(id.substr(0, id.find('/')), CategoryName(c->category()));
    EXPECT_FALSE(c->description().empty());
    EXPECT_TRUE(c->default_options().is_object());
    settings.options[id] = c->default_options();
    // The defaults, given explicitly, mean the same as none.
    EXPECT_EQ(RunChecks(CheckInput{}, {}).unable.size(),
              RunChecks(CheckInput{}, settings).unable.size());
  }
  EXPECT_TRUE(ValidateChecksSettings(settings).ok()) << ValidateChecksSettings(settings).ToString();
}

void ExpectNoInternalErrors(const CheckReport& report) {
  for (const UnableToRun& u : report.unable) {
    EXPECT_EQ(u.reason.find("internal error"), std::string::npos) << u.check << ": " << u.reason;
    EXPECT_FALSE(u.reason.empty()) << u.check;
  }
  for (const Problem& p : report.problems) {
    EXPECT_FALSE(p.summary.empty()) << p.check;
    EXPECT_FALSE(p.fix.text.empty()) << p.check;
    EXPECT_TRUE(ToJson(p).is_object());
  }
}

TEST(Registry, EveryCheckRunsOnEmptyInput) {
  ExpectNoInternalErrors(RunChecks(CheckInput{}, {}));
  HistoryBuilder h(Week("2026-11-23"));
  CheckInput in = h.Build();
  in.rules_availability.status = Status::Ok();
  in.silences_availability.status = Status::Ok();
  in.prometheus_availability.status = Status::Ok();
  CheckReport report = RunChecks(in, {});
  ExpectNoInternalErrors(report);
  EXPECT_TRUE(report.problems.empty());
}

TEST(Registry, EveryCheckSurvivesMalformedInput) {
  const Window week = Week("2026-11-23");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  HistoryBuilder h(week);
  h.Rule("").Episode(week.from, 0s);                       // no name, zero length
  h.Rule("Backwards").Episode(week.from + 5h, -2h);        // ends before it starts
  h.Rule("Open").OpenEpisode(week.to + 24h);               // starts after now
  h.Rule("Bad").Defined("rate(x[5m]", 0s, week.to + 24h);  // unparseable, defined in the future
  h.Rule("Empty").Defined("");
  h.Rule("Regex").Defined("{__name__=~\"(a\"}");
  h.Silence("", {}, week.to, week.from);  // ends before it starts
  h.Silence("x", {"alertname=~(unclosed"}, week.from, week.to + 24h);
  CheckInput in = h.Build();
  in.episodes.push_back(in.episodes.front());  // a duplicate id
  in.rules_availability.status = Status::Ok();
  in.prometheus_availability.status = Status::Ok();
  in.prometheus_metrics = {"", "up"};
  in.configured_sources = {""};
  in.last_delivery_by_source[""] = week.to + 24h;  // delivered "in the future"
  in.incidents.push_back({1, "", "", "", week.from, 999});
  in.incidents.push_back({2, "x", "", "", week.to + 1h, std::nullopt});
  in.acks.push_back({1, "", "", std::nullopt, "", "", Time{}});
  in.feedback.push_back({1, "", Verdict::kNoise, "", "", Time{}});
  in.decisions.push_back({1, "", DecisionAction::kDelete, "", "", Time{}});
  in.watch.push_back({"nan", "up", nan, Status::Ok(), {{week.from, nan}, {week.from + 1h, inf}}});
  in.watch.push_back({"one point", "", 1.0, Status::Ok(), {{week.from, 5}}});
  in.watch.push_back({"unsorted", "up", -inf, Status::Ok(),
                      testing::Samples(week.from, -1h, 50, [](int i) { return i * 1e300; })});
  in.watch.push_back({"same time", "up", 0.0, Status::Ok(),
                      testing::Samples(week.from, 0s, 50, [](int i) { return i; })});
  in.catalog.push_back({});
  ExpectNoInternalErrors(RunChecks(in, {}));
  in.window = {week.to, week.from};  // an empty, inverted window
  ExpectNoInternalErrors(RunChecks(in, {}));
}

// Checks run on several threads; the report must be the one a single thread gives.
TEST(Registry, ReportDoesNotDependOnWorkers) {
  const Window week = Week("2026-11-23");
  HistoryBuilder h(week);
  h.Rule("Flappy").Every(10min).For(30s).OnInstances(3).Times(300);
  h.Rule("Stuck").OpenEpisode(week.from - 20 * 24h);
  h.Rule("Loud").Every(1h).For(5min).OnInstances(20).Times(100).Label("team", "db");
  h.Rule("Twin").Every(1h).For(5min).OnInstances(20).Times(100).Label("team", "db");
  h.Rule("Quiet").Defined("up == 0");
  CheckInput in = h.Build();
  in.rules_availability.status = Status::Ok();
  const CheckReport one = RunChecks(in, {}, 1);
  ASSERT_GT(one.problems.size(), 3u);
  for (int workers : {2, 3, 8}) {
    SCOPED_TRACE(workers);
    const CheckReport many = RunChecks(in, {}, workers);
    ASSERT_EQ(many.problems.size(), one.problems.size());
    for (size_t i = 0; i < one.problems.size(); ++i) {
      EXPECT_EQ(ToJson(many.problems[i]), ToJson(one.problems[i])) << i;
    }
    ASSERT_EQ(many.unable.size(), one.unable.size());
    for (size_t i = 0; i < one.unable.size(); ++i) {
      EXPECT_EQ(many.unable[i].check, one.unable[i].check);
      EXPECT_EQ(many.unable[i].reason, one.unable[i].reason);
    }
  }
}

}  // namespace
}  // namespace nagame::rules

// The review subcommands of the built binary (NAGAME_BINARY) on a seeded database: golden
// outputs of `inventory` and `suggest` in every format, usage errors, and `lint` exit codes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/bot/review/review_fixture.h"
#include "tests/support/golden.h"
#include "tests/support/process.h"

namespace nagame::bot {
namespace {

using namespace std::chrono_literals;

struct CliRun {
  int code = -1;
  std::string out;
  std::string err;
};

class ReviewCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = world_.dir() / "nagame.yaml";
    testing::WriteFile(config_, "database: \"" + world_.config().database +
                                    "\"\ntimezone: \"Asia/Tokyo\"\nrule_files: [\"rules.yml\"]\n");
  }

  // Runs the binary with `args`; the temp dir in its output reads "<dir>".
  CliRun Nagame(std::vector<std::string> args) {
    args.insert(args.begin(), NAGAME_BINARY);
    const std::string name = "nagame-" + std::to_string(runs_++);
    auto p = testing::Process::Start({.name = name, .argv = args, .log_dir = logs_.path()});
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    if (!p.ok()) return {};
    auto exit = (*p)->WaitExit(60s);
    EXPECT_TRUE(exit.has_value()) << name << " did not exit";
    if (!exit) return {};
    CliRun r;
    r.code = exit->exited ? exit->code : 128 + exit->signal;
    r.out = Normalized((*p)->ReadStdout());
    r.err = Normalized((*p)->ReadStderr());
    return r;
  }

  std::vector<std::string> Review(const char* command, const char* format) {
    return {command,
            "--config",
            config_.string(),
            "--from",
            "2026-11-23T00:00:00Z",
            "--to",
            "2026-11-30T00:00:00Z",
            "--now",
            "2026-11-30T00:00:00Z",
            "--format",
            format};
  }

  std::string Normalized(std::string text) const {
    const std::string dir = world_.dir().path().string();
    for (size_t pos; (pos = text.find(dir)) != std::string::npos;)
      text.replace(pos, dir.size(), "<dir>");
    return text;
  }

  testing::ReviewWorld world_;
  testing::TempDir logs_;
  std::filesystem::path config_;
  int runs_ = 0;
};

TEST_F(ReviewCliTest, InventoryAndSuggestGoldenOutputs) {
  const struct {
    const char* command;
    const char* format;
    const char* golden;
  } cases[] = {
      {"inventory", "table", "review/inventory.txt"},
      {"inventory", "json", "review/inventory.json"},
      {"inventory", "markdown", "review/inventory.md"},
      {"suggest", "table", "review/suggest.txt"},
      {"suggest", "json", "review/suggest.json"},
      {"suggest", "markdown", "review/suggest.md"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.golden);
    CliRun r = Nagame(Review(c.command, c.format));
    EXPECT_EQ(r.code, 0) << r.err;
    testing::ExpectGolden(c.golden, r.out);
  }
}

TEST_F(ReviewCliTest, SuggestFiltersByCategory) {
  std::vector<std::string> args = Review("suggest", "json");
  args.insert(args.end(), {"--category", "noisy"});
  CliRun r = Nagame(args);
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_FALSE(j["suggestions"].empty());
  for (const auto& s : j["suggestions"]) EXPECT_EQ(s["category"], "noisy");
}

TEST_F(ReviewCliTest, UsageAndRuntimeErrorsHaveTheirExitCodes) {
  auto with = [&](std::vector<std::string> args, const std::string& flag,
                  const std::string& value) {
    for (size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == flag) args[i + 1] = value;
    }
    return args;
  };
  const std::vector<std::string> base = Review("inventory", "table");
  const struct {
    const char* name;
    std::vector<std::string> args;
    int code;
    const char* err;  // part of stderr
  } cases[] = {
      {"bad format", with(base, "--format", "xml"), 2, "format"},
      {"bad window", with(base, "--from", "yesterday"), 2, "from"},
      {"bad now", with(base, "--now", "soon"), 2, "now"},
      {"bad category",
       {"suggest", "--config", config_.string(), "--category", "loud"},
       2,
       "category"},
      {"missing config", with(base, "--config", "/nonexistent/nagame.yaml"), 2, "nagame.yaml"},
      {"unknown flag", {"inventory", "--colour"}, 2, "colour"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    CliRun r = Nagame(c.args);
    EXPECT_EQ(r.code, c.code) << r.err;
    EXPECT_NE(r.err.find(c.err), std::string::npos) << r.err;
  }
  // A config whose database does not exist: nothing to review (1), and no file is created.
  testing::WriteFile(world_.dir() / "empty.yaml",
                     "database: \"" + (world_.dir() / "none.db").string() + "\"\n");
  CliRun r = Nagame({"inventory", "--config", (world_.dir() / "empty.yaml").string()});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_FALSE(std::filesystem::exists(world_.dir() / "none.db"));
}

TEST_F(ReviewCliTest, LintExitCodes) {
  const std::filesystem::path dir = world_.dir().path();
  testing::WriteFile(dir / "good.yml", R"(groups:
  - name: g
    rules:
      - alert: HostDown
        expr: up == 0
        labels: {severity: page, team: sre}
        annotations: {summary: down, runbook_url: "https://runbooks.example/HostDown"}
)");
  testing::WriteFile(dir / "owned.yml", R"(groups:
  - name: g
    rules:
      - alert: DiskFull
        expr: disk_free < 0.1
        labels: {severity: page, squad: storage}
        annotations: {summary: full, runbook_url: "https://runbooks.example/DiskFull"}
)");
  // kube-prometheus's shape: a PrometheusRule object, documented, routed by namespace.
  testing::WriteFile(dir / "kube.yaml", R"(apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: kube-state-metrics-rules, namespace: monitoring}
spec:
  groups:
  - name: kube-state-metrics
    rules:
    - alert: KubeStateMetricsListErrors
      annotations:
        description: kube-state-metrics is experiencing errors in list operations.
        runbook_url: https://runbooks.example/kubestatemetricslisterrors
        summary: kube-state-metrics is experiencing errors in list operations.
      expr: rate(kube_state_metrics_list_total{result="error"}[5m]) > 0.01
      for: 15m
      labels:
        severity: critical
    - alert: Bare
      expr: vector(1)
)");
  testing::WriteFile(dir / "squad.yaml",
                     "checks: {\"stale/undocumented\": {owner_labels: [squad, team]}}\n");
  testing::WriteFile(dir / "team.yaml",
                     "checks: {\"stale/undocumented\": {owner_labels: [team]}}\n");
  testing::WriteFile(dir / "off.yaml", "checks: {disabled: [\"stale/undocumented\"]}\n");
  testing::WriteFile(dir / "bad.yaml", "checks: {\"stale/undocumented\": {owners: [x]}}\n");
  testing::WriteFile(dir / "broken.yml", R"(groups:
  - name: g
    rules:
      - alert: Broken
        expr: sum(rate(x[5m]) by (job)
        for: 5x
)");
  const struct {
    const char* name;
    std::vector<std::string> files;
    int code;
    std::vector<std::string> out;  // lines expected in stdout
  } cases[] = {
      {"clean", {"good.yml"}, 0, {}},
      {"parse errors with file and line",
       {"good.yml", "broken.yml"},
       1,
       {"<dir>/broken.yml:5:", "<dir>/broken.yml:6:"}},
      {"undocumented rule",
       {"rules.yml"},
       1,
       {"<dir>/rules.yml:21: stale/undocumented: Quiet: no runbook_url"}},
      {"no owner label needed by default", {"owned.yml"}, 0, {}},
      {"owner label when the config names it",
       {"--config", "<dir>/team.yaml", "owned.yml"},
       1,
       {"DiskFull: no owner label (team)"}},
      {"a PrometheusRule object: documented rules pass, a bare one does not",
       {"kube.yaml"},
       1,
       {"<dir>/kube.yaml:17: stale/undocumented: Bare: no runbook_url, summary or description or "
        "severity label"}},
      {"owner labels from the config", {"--config", "<dir>/squad.yaml", "owned.yml"}, 0, {}},
      {"check disabled by the config", {"--config", "<dir>/off.yaml", "rules.yml"}, 0, {}},
      {"parse errors still count when disabled",
       {"--config", "<dir>/off.yaml", "broken.yml"},
       1,
       {"<dir>/broken.yml:5:"}},
      {"config that does not load", {"--config", "<dir>/bad.yaml", "good.yml"}, 2, {}},
      {"missing file", {"nope.yml"}, 1, {"nope.yml"}},
      {"no files", {}, 2, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<std::string> args = {"lint"};
    for (const std::string& f : c.files) {
      if (f.rfind("--", 0) == 0) {
        args.push_back(f);
      } else if (f.rfind("<dir>/", 0) == 0) {
        args.push_back((dir / f.substr(6)).string());
      } else {
        args.push_back((dir / f).string());
      }
    }
    CliRun r = Nagame(args);
    EXPECT_EQ(r.code, c.code) << r.out << r.err;
    for (const std::string& line : c.out) EXPECT_NE(r.out.find(line), std::string::npos) << r.out;
    if (c.code == 0) {
      EXPECT_EQ(r.out, "");
    }
  }
}

}  // namespace
}  // namespace nagame::bot

// Checks the demo stack's configs (docker/, config/demo.yaml) with promtool, amtool and
// CheckConfigFile, and that compose wires the pieces together as the configs expect.
#include <gtest/gtest.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/webhook_request.h"

#include <yaml-cpp/yaml.h>

#include "bot/config.h"

namespace nagame::bot {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = NAGAME_SOURCE_DIR;

// Sets an environment variable for one scope; restores the old value after.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, std::optional<std::string> value) : name_(std::move(name)) {
    if (const char* old = getenv(name_.c_str())) old_ = old;
    Set(value);
  }
  ~ScopedEnv() { Set(old_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  void Set(const std::optional<std::string>& v) {
    v ? setenv(name_.c_str(), v->c_str(), 1) : unsetenv(name_.c_str());
  }
  std::string name_;
  std::optional<std::string> old_;
};

// The full path of `name` on $PATH, or empty.
std::string FindTool(const std::string& name) {
  const char* path = getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = end + 1;
  }
  return {};
}

struct ToolRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs `tool args` in the repository root. Fails the test if the tool is not installed: the
// test command installs Prometheus and Alertmanager (scripts/install-deps.sh test).
ToolRun RunTool(const std::string& tool, const std::string& args) {
  std::string path = FindTool(tool);
  if (path.empty()) {
    ADD_FAILURE() << tool << " is not on PATH: install prometheus and prometheus-alertmanager "
                  << "(scripts/install-deps.sh test)";
    return {};
  }
  std::string command = "cd '" + kSource.string() + "' && '" + path + "' " + args + " 2>&1";
  ToolRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run " << command;
    return run;
  }
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::vector<std::string> DemoRuleFiles() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(kSource / "docker/demo/rules")) {
    if (entry.path().extension() == ".yml") {
      files.push_back(fs::relative(entry.path(), kSource).string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(DemoConfigs, PrometheusConfigIsValidAndFindsEveryRuleFile) {
  size_t rule_files = DemoRuleFiles().size();
  ASSERT_GE(rule_files, 3u);
  ToolRun run = RunTool("promtool", "check config docker/demo/prometheus.yml");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("SUCCESS: " + std::to_string(rule_files) + " rule files found"),
            std::string::npos)
      << run.output;
}

TEST(DemoConfigs, RuleFilesAreValid) {
  std::string args = "check rules";
  for (const std::string& f : DemoRuleFiles()) args += " " + f;
  ToolRun run = RunTool("promtool", args);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output.find("FAILED"), std::string::npos) << run.output;
}

// The Watchdog fires always, DemoFlapping flaps, the realistic rules fire on their inputs.
TEST(DemoConfigs, RulesBehaveAsTheirUnitTestsSay) {
  ToolRun run = RunTool("promtool", "test rules docker/demo/rules_test.yml");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("SUCCESS"), std::string::npos) << run.output;
}

// The demo's rules are examples to copy: none may be what stale/undocumented reports.
TEST(DemoConfigs, EveryDemoAlertHasSeverityTeamSummaryAndRunbook) {
  std::vector<std::string> alerts;
  for (const std::string& file : DemoRuleFiles()) {
    YAML::Node doc = YAML::LoadFile((kSource / file).string());
    for (const YAML::Node& group : doc["groups"]) {
      for (const YAML::Node& rule : group["rules"]) {
        if (!rule["alert"]) continue;
        std::string name = rule["alert"].as<std::string>();
        alerts.push_back(name);
        for (const char* label : {"severity", "team"}) {
          EXPECT_TRUE(rule["labels"][label].IsScalar()) << file << ": " << name << ": " << label;
        }
        for (const char* annotation : {"summary", "description", "runbook_url"}) {
          EXPECT_TRUE(rule["annotations"][annotation].IsScalar())
              << file << ": " << name << ": " << annotation;
        }
      }
    }
  }
  std::sort(alerts.begin(), alerts.end());
  EXPECT_EQ(alerts, (std::vector<std::string>{"DemoFlapping", "PrometheusRuleEvaluationFailures",
                                              "TargetDown", "Watchdog"}));
}

TEST(DemoConfigs, AlertmanagerConfigIsValid) {
  ToolRun run = RunTool("amtool", "check-config docker/demo/alertmanager.yml");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("SUCCESS"), std::string::npos) << run.output;
}

TEST(DemoConfigs, NagameConfigsPassCheckConfig) {
  ScopedEnv token("NAGAME_AM_TOKEN", "demo-test-token");
  for (const char* file : {"docker/demo/nagame.yaml", "config/demo.yaml"}) {
    Status status = CheckConfigFile((kSource / file).string());
    EXPECT_TRUE(status.ok()) << file << ": " << status.message();
  }
  auto docker = LoadConfig((kSource / "docker/demo/nagame.yaml").string());
  ASSERT_TRUE(docker.ok()) << docker.status().message();
  EXPECT_TRUE(testing::SourceAccepts(*docker, "alertmanager", "Bearer demo-test-token"));
  EXPECT_EQ(docker->rule_files,
            std::vector<std::string>{(kSource / "docker/demo/rules/*.yml").string()});
}

TEST(DemoConfigs, QuickStartFallsBackToDemoTokenAndContainerNeedsOne) {
  ScopedEnv token("NAGAME_AM_TOKEN", std::nullopt);
  auto local = LoadConfig((kSource / "config/demo.yaml").string());
  ASSERT_TRUE(local.ok()) << local.status().message();
  EXPECT_TRUE(testing::SourceAccepts(*local, "alertmanager", "Bearer demo-token"));
  EXPECT_FALSE(testing::SourceAccepts(*local, "alertmanager", "Bearer demo-tokeN"));
  EXPECT_EQ(local->listen.ToString(), "127.0.0.1:9095");
  EXPECT_EQ(local->database, "./nagame-demo.db");

  Status docker = CheckConfigFile((kSource / "docker/demo/nagame.yaml").string());
  ASSERT_FALSE(docker.ok());
  EXPECT_NE(
      docker.message().find(
          "sources.alertmanager.bearer_token: environment variable NAGAME_AM_TOKEN is not set"),
      std::string::npos)
      << docker.message();
}

// No Docker engine runs in CI, so the compose file is checked for the wiring the configs
// above rely on: mounts at the paths the configs and the image use, the token reaching both
// Alertmanager (as a file) and Nagame (as an environment variable), the webhook's port.
TEST(DemoConfigs, ComposeWiresTheConfigsTogether) {
  YAML::Node compose = YAML::LoadFile((kSource / "docker/compose.yaml").string());
  YAML::Node services = compose["services"];
  auto mounts = [&](const char* service) {
    std::vector<std::string> out;
    for (const YAML::Node& v : services[service]["volumes"]) out.push_back(v.as<std::string>());
    return out;
  };
  auto has = [](const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
  };
  auto prometheus = mounts("prometheus");
  EXPECT_TRUE(has(prometheus, "./demo/prometheus.yml:/etc/prometheus/prometheus.yml:ro"));
  EXPECT_TRUE(has(prometheus, "./demo/rules:/etc/prometheus/rules:ro"));
  auto alertmanager = mounts("alertmanager");
  EXPECT_TRUE(has(alertmanager, "./demo/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro"));
  auto nagame = mounts("nagame");
  EXPECT_TRUE(has(nagame, "./demo/nagame.yaml:/etc/nagame/nagame.yaml:ro"));
  EXPECT_TRUE(has(nagame, "./demo/rules:/etc/nagame/rules:ro"));
  EXPECT_TRUE(has(nagame, "nagame-data:/var/lib/nagame"));
  EXPECT_EQ(services["nagame"]["build"]["dockerfile"].as<std::string>(), "docker/Dockerfile");
  EXPECT_NE(services["nagame"]["environment"]["NAGAME_AM_TOKEN"].as<std::string>().find(
                "${NAGAME_AM_TOKEN"),
            std::string::npos);
  EXPECT_EQ(compose["secrets"]["nagame_am_token"]["environment"].as<std::string>(),
            "NAGAME_AM_TOKEN");
  EXPECT_EQ(services["alertmanager"]["secrets"][0]["source"].as<std::string>(), "nagame_am_token");

  YAML::Node am = YAML::LoadFile((kSource / "docker/demo/alertmanager.yml").string());
  YAML::Node webhook;
  for (const YAML::Node& receiver : am["receivers"]) {
    if (receiver["name"].as<std::string>() == "nagame") webhook = receiver["webhook_configs"][0];
  }
  ASSERT_TRUE(webhook.IsMap());
  EXPECT_EQ(webhook["url"].as<std::string>(), "http://nagame:9095/webhooks/alertmanager");
  EXPECT_EQ(webhook["http_config"]["authorization"]["credentials_file"].as<std::string>(),
            "/run/secrets/nagame_am_token");

  ScopedEnv token("NAGAME_AM_TOKEN", "x");
  auto config = LoadConfig((kSource / "docker/demo/nagame.yaml").string());
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->listen.ToString(), "0.0.0.0:9095");
  EXPECT_EQ(config->database, "/var/lib/nagame/nagame.db");
  EXPECT_EQ(config->sources.count("alertmanager"), 1u);
}

}  // namespace
}  // namespace nagame::bot

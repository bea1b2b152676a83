// The `newrelic`, `grafana` and `azure` config blocks: what they load, and every mistake
// reported with the key that holds it, without ever echoing a secret.
#include <gtest/gtest.h>

#include <stdlib.h>

#include "bot/config.h"
#include "tests/support/files.h"

namespace nagame::bot {
namespace {

constexpr char kSubscription[] = "dd4bfc94-a096-412b-9c43-4bd13e35afbc";

class RuleSourceSections : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteFile(dir_ / "nr_key", "NRAK-FILE-KEY\n");
    testing::WriteFile(dir_ / "token", "eyJ0eXAi.token\n");
    testing::WriteFile(dir_ / "saved.json", "{}");
  }
  Result<Config> Load(const std::string& yaml) {
    testing::WriteFile(dir_ / "nagame.yaml", yaml);
    return LoadConfig((dir_ / "nagame.yaml").string());
  }
  std::string Where(const std::string& rest) {
    return (dir_ / "nagame.yaml").string() + ":" + rest;
  }
  testing::TempDir dir_;
};

TEST_F(RuleSourceSections, LiveBlocksLoadWithSecretFilesKeptAsPaths) {
  auto c = Load(std::string("newrelic:\n  api_key_file: nr_key\n  accounts: [4420147, 12]\n"
                            "  region: eu\n"
                            "grafana: {url: \"https://grafana.example.com/\", token_file: token}\n"
                            "azure:\n  subscription: ") +
                kSubscription + "\n  resource_group: PipelineAlertRG\n  token_file: token\n");
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_TRUE(c->newrelic && c->grafana && c->azure);
  EXPECT_EQ(c->newrelic->api_key.file, (dir_ / "nr_key").string());
  EXPECT_EQ(c->newrelic->api_key.value, "");  // read again before every use
  EXPECT_EQ(c->newrelic->accounts, (std::vector<int64_t>{4420147, 12}));
  EXPECT_EQ(c->newrelic->region, "EU");
  EXPECT_EQ(c->grafana->url, "https://grafana.example.com");
  EXPECT_EQ(c->grafana->token.file, (dir_ / "token").string());
  EXPECT_EQ(c->azure->subscription, kSubscription);
  EXPECT_EQ(c->azure->resource_group, "PipelineAlertRG");
  EXPECT_EQ(c->azure->url, "https://management.azure.com");
}

TEST_F(RuleSourceSections, SecretsFromTheEnvironmentAndSavedAnswers) {
  setenv("NAGAME_T_NR_KEY", "NRAK-ENV-KEY", 1);
  auto c = Load(
      "newrelic: {api_key: \"${NAGAME_T_NR_KEY}\", accounts: [1]}\n"
      "grafana: {rules_file: saved.json}\n"
      "azure: {rules_file: saved.json}\n");
  unsetenv("NAGAME_T_NR_KEY");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->newrelic->api_key.value, "NRAK-ENV-KEY");
  EXPECT_EQ(c->grafana->rules_file, (dir_ / "saved.json").string());
  EXPECT_EQ(c->azure->rules_file, (dir_ / "saved.json").string());
  EXPECT_TRUE(c->azure->token.empty());
}

TEST_F(RuleSourceSections, MistakesNameTheKey) {
  struct Case {
    const char* name;
    std::string yaml;
    std::string message;  // after "<file>:"
  };
  const std::string sub = kSubscription;
  const Case cases[] = {
      {"literal key", "newrelic: {api_key: NRAK-LITERAL-SECRET, accounts: [1]}\n",
       "1:12: newrelic.api_key: a literal secret is refused: give api_key_file: PATH, or "
       "api_key: ${ENV_VAR}"},
      {"no accounts", "newrelic: {api_key_file: nr_key}\n",
       "1:1: newrelic: accounts is required (New Relic account ids)"},
      {"bad account", "newrelic: {api_key_file: nr_key, accounts: [abc]}\n",
       "1:45: newrelic.accounts[0]: must be a whole number, not \"abc\""},
      {"bad region", "newrelic: {api_key_file: nr_key, accounts: [1], region: APAC}\n",
       "1:49: newrelic.region: must be US or EU"},
      {"missing key file", "newrelic: {api_key_file: nope, accounts: [1]}\n",
       "1:12: newrelic.api_key_file: cannot read \"" + (dir_ / "nope").string() +
           "\": No such file or directory"},
      {"both modes", "newrelic: {conditions_file: saved.json, api_key_file: nr_key}\n",
       "1:1: newrelic: give either conditions_file (a saved answer) or api_key_file and accounts "
       "(the live API), not both"},
      {"nothing", "grafana: {}\n",
       "1:1: grafana: give url and token_file (the live API) or rules_file (a saved answer)"},
      {"grafana no token", "grafana: {url: \"https://g.example\"}\n",
       "1:1: grafana: token_file (or token: ${ENV_VAR}) is required: a service account token"},
      {"grafana bad url", "grafana: {url: ftp://g, token_file: token}\n",
       "1:11: grafana.url: must be an http:// or https:// URL"},
      {"grafana unknown key", "grafana: {url: \"https://g\", token_file: token, folder: x}\n",
       "1:48: grafana.folder: unknown key"},
      {"missing saved file", "grafana: {rules_file: missing.yaml}\n",
       "1:11: grafana.rules_file: no such file \"" + (dir_ / "missing.yaml").string() + "\""},
      {"bad subscription", "azure: {subscription: my-sub, token_file: token}\n",
       "1:9: azure.subscription: must be a subscription id (8-4-4-4-12 hexadecimal digits)"},
      {"bad resource group",
       "azure: {subscription: " + sub + ", resource_group: \"a/b\", token_file: token}\n",
       "1:61: azure.resource_group: must be a resource group name (1-90 letters, digits, _-.() )"},
      {"azure no token", "azure: {subscription: " + sub + "}\n",
       "1:1: azure: token_file (or token: ${ENV_VAR}) is required: an ARM bearer token"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto got = Load(c.yaml);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.status().message(), Where(c.message));
    EXPECT_EQ(got.status().message().find("NRAK-LITERAL-SECRET"), std::string::npos);
  }
}

TEST_F(RuleSourceSections, SummaryRedactsTheSecrets) {
  auto c = Load(
      "newrelic: {api_key_file: nr_key, accounts: [1]}\n"
      "grafana: {url: \"https://g.example\", token_file: token}\n");
  ASSERT_TRUE(c.ok()) << c.status().message();
  const std::string summary = RedactedSummary(*c);
  EXPECT_EQ(summary.find("NRAK-FILE-KEY"), std::string::npos);
  EXPECT_EQ(summary.find("eyJ0eXAi"), std::string::npos);
  EXPECT_NE(summary.find(R"("newrelic":{"accounts":[1],"api_key":"<redacted>")"), std::string::npos)
      << summary;
  EXPECT_NE(summary.find(R"("azure":null)"), std::string::npos) << summary;
}

}  // namespace
}  // namespace nagame::bot

namespace nagame::bot {
namespace {

TEST(RuleSourceExample, TheExampleConfigLoads) {
  setenv("GRAFANA_TOKEN", "glsa_example", 1);
  setenv("NEW_RELIC_API_KEY", "NRAK-EXAMPLE", 1);
  setenv("AZURE_TOKEN", "eyJ0eXAi.example", 1);
  auto c = LoadConfig(NAGAME_SOURCE_DIR "/config/rule-sources.example.yaml");
  unsetenv("GRAFANA_TOKEN");
  unsetenv("NEW_RELIC_API_KEY");
  unsetenv("AZURE_TOKEN");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_TRUE(c->grafana && c->newrelic && c->azure);
  EXPECT_EQ(c->newrelic->accounts, (std::vector<int64_t>{4420147}));
}

}  // namespace
}  // namespace nagame::bot

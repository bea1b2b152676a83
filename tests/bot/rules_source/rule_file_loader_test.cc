// Tests for loading rule files from disk by glob.
#include "bot/rules_source/rule_file_loader.h"

#include <gtest/gtest.h>

#include "tests/support/files.h"

namespace nagame::bot {
namespace {

constexpr const char* kRule =
    "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n";

TEST(LoadRuleFiles, ExpandsGlobsInOrderAndReadsEachFileOnce) {
  testing::TempDir dir;
  testing::WriteFile(dir / "b.yml", kRule);
  testing::WriteFile(dir / "a.yml", kRule);
  testing::WriteFile(dir / "c.yaml", "");
  auto files = LoadRuleFiles({(dir / "*.yml").string(), (dir / "a.yml").string(),
                              (dir / "*.yaml").string(), (dir / "none-*.yml").string()});
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[0].file, (dir / "a.yml").string());
  EXPECT_EQ((*files)[1].file, (dir / "b.yml").string());
  EXPECT_EQ((*files)[2].file, (dir / "c.yaml").string());
  ASSERT_EQ((*files)[0].alerts.size(), 1u);
  EXPECT_EQ((*files)[0].alerts[0].file, (dir / "a.yml").string());
  EXPECT_EQ((*files)[0].alerts[0].line, 4);
}

TEST(LoadRuleFiles, ReportsEveryBadFile) {
  testing::TempDir dir;
  testing::WriteFile(dir / "good.yml", kRule);
  testing::WriteFile(dir / "bad1.yml", "groups:\n  - name: g\n    rules:\n      - alert: A\n");
  testing::WriteFile(dir / "bad2.yml", "groups: [");
  std::filesystem::create_directory(dir / "dir.yml");
  std::string missing = (dir / "missing.yml").string();
  auto files = LoadRuleFiles({(dir / "*.yml").string(), missing});
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(files.status().field(), "rule_files");
  std::string d = dir.path().string();
  EXPECT_EQ(files.status().message(),
            d + "/bad1.yml:4:9: groups[0].rules[0].expr: field 'expr' must be set in rule\n" + d +
                "/bad2.yml:1:1: invalid YAML: end of sequence flow not found\n" + d +
                "/dir.yml: is a directory, not a rule file\n" + missing + ": no such file");
}

TEST(LoadRuleFiles, NoPatternsNoFiles) {
  auto files = LoadRuleFiles({});
  ASSERT_TRUE(files.ok());
  EXPECT_TRUE(files->empty());
}

TEST(LoadRuleFiles, ReadsTheCephFixture) {
  auto files = LoadRuleFiles({testing::FixturePath("rules/ceph_*.yml").string()});
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].alerts.size(), 58u);
}

}  // namespace
}  // namespace nagame::bot

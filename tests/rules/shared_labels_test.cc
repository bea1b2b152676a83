// SharedLabels: copies share one set, a write never shows through another copy.
#include "rules/shared_labels.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace nagame::rules {
namespace {

TEST(SharedLabels, ReadsLikeTheMap) {
  const SharedLabels l{{"alertname", "HighCPU"}, {"instance", "web-1"}};
  EXPECT_EQ(l.size(), 2u);
  EXPECT_EQ(l.at("instance"), "web-1");
  EXPECT_EQ(l.find("alertname")->second, "HighCPU");
  EXPECT_EQ(l.find("job"), l.end());
  EXPECT_TRUE(l.contains("instance"));
  EXPECT_EQ(l.count("job"), 0u);
  const Labels& plain = l;
  EXPECT_EQ(plain, (Labels{{"alertname", "HighCPU"}, {"instance", "web-1"}}));
  EXPECT_EQ(nlohmann::json(l),
            nlohmann::json::parse(R"({"alertname":"HighCPU","instance":"web-1"})"));
}

TEST(SharedLabels, EmptyByDefault) {
  const SharedLabels l;
  EXPECT_TRUE(l.empty());
  EXPECT_EQ(l.begin(), l.end());
  EXPECT_EQ(nlohmann::json(l), nlohmann::json::object());
  EXPECT_EQ(l, SharedLabels(Labels{}));
}

TEST(SharedLabels, CopiesShareAndWritesCopyFirst) {
  SharedLabels a{{"team", "db"}};
  SharedLabels b = a;
  EXPECT_EQ(&a.get(), &b.get());  // one set, not two
  b["team"] = "web";
  b["env"] = "prod";
  EXPECT_EQ(a.get(), (Labels{{"team", "db"}}));
  EXPECT_EQ(b.get(), (Labels{{"env", "prod"}, {"team", "web"}}));
  EXPECT_FALSE(a == b);
  SharedLabels c;
  c["x"] = "1";  // an empty one gets its own set
  EXPECT_EQ(c.at("x"), "1");
  const Labels* before = &c.get();
  c["y"] = "2";  // not shared: written in place
  EXPECT_EQ(&c.get(), before);
}

}  // namespace
}  // namespace nagame::rules

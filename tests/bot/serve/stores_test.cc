// OpenServeStores: every connection `nagame serve` needs, on a fresh file, and its error when
// the database cannot be created.
#include "bot/serve/stores.h"

#include <gtest/gtest.h>

#include "tests/support/files.h"

namespace nagame::bot {
namespace {

TEST(ServeStores, OpensEveryConnectionOnAFreshDatabase) {
  testing::TempDir dir;
  auto stores = OpenServeStores((dir / "nagame.db").string());
  ASSERT_TRUE(stores.ok()) << stores.status().ToString();
  EXPECT_NE(stores->ingest.episodes, nullptr);
  EXPECT_NE(stores->ingest.journal, nullptr);
  EXPECT_NE(stores->ingest.journal_reader, nullptr);
  ASSERT_NE(stores->reader, nullptr);
  EXPECT_TRUE(stores->reader->CountOpenEpisodes().ok());
  ASSERT_EQ(stores->checkpoints.size(), 2u);
  for (const WalCheckpointer::Target& t : stores->checkpoints) {
    EXPECT_TRUE(t.checkpoint().ok()) << t.name;
  }
  ASSERT_TRUE(stores->journal_writable);
  EXPECT_TRUE(stores->journal_writable().ok());
  EXPECT_TRUE(std::filesystem::exists(storage::JournalPathFor((dir / "nagame.db").string())));
}

TEST(ServeStores, ADatabaseThatCannotBeCreatedIsUnavailable) {
  testing::TempDir dir;
  auto stores = OpenServeStores((dir / "missing-dir" / "nagame.db").string());
  ASSERT_FALSE(stores.ok());
  EXPECT_EQ(stores.status().code(), Code::kUnavailable) << stores.status().ToString();
}

}  // namespace
}  // namespace nagame::bot

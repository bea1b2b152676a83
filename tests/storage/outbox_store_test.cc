// OutboxStore on a real SQLite file: one message per dedup key, due order, state changes, and
// nothing lost across a reopen (a restart).
#include "storage/outbox_store.h"

#include <gtest/gtest.h>

#include "tests/support/files.h"
#include "tests/support/history_builder.h"

namespace nagame::storage {
namespace {

using nagame::testing::AtTime;
using nagame::testing::TempDir;
using std::chrono::seconds;

class OutboxStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    store_.reset();
    StoreOptions o;
    o.path = (dir_ / "nagame.db").string();
    auto s = OutboxStore::Open(o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }
  TempDir dir_;
  std::unique_ptr<OutboxStore> store_;
  const Time t0_ = AtTime("2026-11-30T00:30:00Z");
};

TEST_F(OutboxStoreTest, OneMessagePerDedupKey) {
  auto first = store_->Enqueue("weekly:2026-W48|slack", "slack", "{\"a\":1}", t0_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->created);
  auto again = store_->Enqueue("weekly:2026-W48|slack", "slack", "{\"a\":2}", t0_ + seconds(5));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->message.id, first->message.id);
  EXPECT_EQ(again->message.payload, "{\"a\":1}");
  ASSERT_TRUE(store_->Enqueue("weekly:2026-W48|teams", "teams", "{}", t0_).ok());
  EXPECT_EQ(store_->All()->size(), 2u);
  EXPECT_EQ(store_->Enqueue("", "slack", "{}", t0_).status().field(), "dedup_key");
  EXPECT_EQ(store_->Enqueue("k", "", "{}", t0_).status().field(), "destination");
}

TEST_F(OutboxStoreTest, DueRetryDeliveredFailed) {
  auto a = store_->Enqueue("run|a", "a", "A", t0_);
  auto b = store_->Enqueue("run|b", "b", "B", t0_ + seconds(1));
  auto c = store_->Enqueue("run|c", "c", "C", t0_ + seconds(2));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  auto due = store_->Due(t0_ + seconds(1));
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].destination, "a");
  ASSERT_TRUE(store_->MarkRetry(a->message.id, t0_ + seconds(60), "HTTP 500").ok());
  ASSERT_TRUE(store_->MarkDelivered(b->message.id, t0_ + seconds(3)).ok());
  ASSERT_TRUE(store_->MarkFailed(c->message.id, "HTTP 404").ok());
  EXPECT_TRUE(store_->Due(t0_ + seconds(59))->empty());
  EXPECT_EQ(**store_->NextDue(), t0_ + seconds(60));
  Reopen();  // a restart: the pending retry is still there
  auto after = store_->Due(t0_ + seconds(60));
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].attempts, 1);
  EXPECT_EQ((*after)[0].last_error, "HTTP 500");
  auto delivered = store_->Find("run|b");
  ASSERT_TRUE(delivered.ok() && delivered->has_value());
  EXPECT_EQ((*delivered)->state, OutboxMessage::State::kDelivered);
  EXPECT_EQ((*delivered)->delivered_at, t0_ + seconds(3));
  EXPECT_EQ((*store_->Find("run|c"))->state, OutboxMessage::State::kFailed);
  EXPECT_EQ(store_->MarkDelivered(999, t0_).code(), Code::kNotFound);
}

TEST_F(OutboxStoreTest, NothingPendingHasNoNextDue) {
  auto next = store_->NextDue();
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->has_value());
}

}  // namespace
}  // namespace nagame::storage

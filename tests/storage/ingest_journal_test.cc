// Tests for the ingest journal file: order, release, ids that are never reused, resuming
// against an event store's built-through mark, format versions, a full disk, a file deleted or
// made read-only while open.
#include "storage/ingest_journal.h"

#include <SQLiteCpp/SQLiteCpp.h>  // only to tamper with the file the way another process could
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "storage/delivery_codec.h"
#include "tests/support/file_faults.h"
#include "tests/support/file_size_limit.h"
#include "tests/support/files.h"

namespace nagame::storage {
namespace {

rules::Delivery DeliveryNamed(const std::string& group_key) {
  rules::Delivery d;
  d.source = "alertmanager";
  d.group_key = group_key;
  d.received_at = FromUnixNanos(1'700'000'000'000'000'000);
  rules::AlertEvent a;
  a.rule = "Rule";
  a.fingerprint = "f-" + group_key;
  a.starts_at = d.received_at;
  d.alerts.push_back(a);
  return d;
}

class IngestJournalTest : public ::testing::Test {
 protected:
  std::unique_ptr<IngestJournal> Open() {
    auto j = IngestJournal::Open({.path = path_});
    EXPECT_TRUE(j.ok()) << j.status().ToString();
    return j.ok() ? std::move(j).value() : nullptr;
  }
  // Appends deliveries named by `keys`; returns the last id.
  int64_t Append(IngestJournal& j, std::vector<std::string> keys, int64_t release = 0) {
    std::vector<rules::Delivery> ds;
    for (const auto& k : keys) ds.push_back(DeliveryNamed(k));
    std::vector<const rules::Delivery*> ps;
    for (const auto& d : ds) ps.push_back(&d);
    int64_t last = -1;
    EXPECT_TRUE(j.Append(ps, release, &last).ok());
    return last;
  }
  std::vector<std::string> Keys(IngestJournal& j, int64_t after) {
    std::vector<std::string> keys;
    auto entries = j.ReadAfter(after, 100);
    EXPECT_TRUE(entries.ok());
    for (const JournalEntry& e : *entries) {
      auto d = DecodeDelivery(e.payload);
      EXPECT_TRUE(d.ok());
      keys.push_back(d->group_key);
    }
    return keys;
  }

  testing::TempDir dir_;
  std::string path_ = JournalPathFor((dir_ / "nagame.db").string());
};

TEST_F(IngestJournalTest, LivesNextToTheEventStore) {
  EXPECT_EQ(JournalPathFor("/var/lib/nagame/nagame.db"), "/var/lib/nagame/nagame.db-ingest");
}

TEST_F(IngestJournalTest, EntriesComeBackInOrderAfterAnId) {
  auto j = Open();
  const int64_t first = Append(*j, {"a"});
  const int64_t last = Append(*j, {"b", "c"});
  EXPECT_EQ(last, first + 2);
  EXPECT_EQ(Keys(*j, 0), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(Keys(*j, first), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(*j->CountAfter(first), 2);
  auto limited = j->ReadAfter(0, 2);
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->size(), 2u);
  EXPECT_EQ((*limited)[0].received_at, DeliveryNamed("a").received_at);
}

TEST_F(IngestJournalTest, ReleasedEntriesGoAndTheirIdsAreNeverReused) {
  auto j = Open();
  const int64_t last = Append(*j, {"a", "b"});
  ASSERT_TRUE(j->Release(last).ok());
  EXPECT_EQ(*j->CountAfter(0), 0);
  j.reset();
  j = Open();  // even with the table empty and the file reopened
  const int64_t next = Append(*j, {"c"});
  EXPECT_EQ(next, last + 1);
  const int64_t after = Append(*j, {"d"}, /*release=*/next);  // releases c in the same commit
  EXPECT_EQ(Keys(*j, 0), (std::vector<std::string>{"d"}));
  EXPECT_EQ(after, next + 1);
}

TEST_F(IngestJournalTest, ResumeAfterAMarkBeyondTheJournalStartsItsIdsAboveIt) {
  auto j = Open();
  Append(*j, {"a", "b"});  // ids 1, 2: built already by the store whose mark is 40
  auto newest = j->ResumeAfter(40);
  ASSERT_TRUE(newest.ok()) << newest.status().ToString();
  EXPECT_EQ(*newest, 40);
  EXPECT_EQ(*j->CountAfter(0), 0);
  EXPECT_EQ(Append(*j, {"c"}), 41);
}

TEST_F(IngestJournalTest, ResumeAfterKeepsWhatWaitsAndReportsTheNewest) {
  auto j = Open();
  const int64_t first = Append(*j, {"a"});
  const int64_t last = Append(*j, {"b", "c"});
  auto newest = j->ResumeAfter(first);
  ASSERT_TRUE(newest.ok());
  EXPECT_EQ(*newest, last);
  EXPECT_EQ(Keys(*j, 0), (std::vector<std::string>{"b", "c"}));
}

TEST_F(IngestJournalTest, NewerFormatIsRefused) {
  Open().reset();
  {
    SQLite::Database raw(path_, SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA user_version = 2");
  }
  auto j = IngestJournal::Open({.path = path_});
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.status().code(), Code::kFailedPrecondition) << j.status().ToString();
}

TEST_F(IngestJournalTest, WriteLockHeldPastBusyTimeoutIsNotWritable) {
  auto opened = IngestJournal::Open({.path = path_, .busy_timeout = std::chrono::milliseconds(50)});
  ASSERT_TRUE(opened.ok());
  IngestJournal& j = **opened;
  EXPECT_TRUE(j.CheckWritable().ok());
  {
    SQLite::Database other(path_, SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    EXPECT_EQ(j.CheckWritable().code(), Code::kUnavailable);
    rules::Delivery d = DeliveryNamed("a");
    const rules::Delivery* one[] = {&d};
    int64_t last = 0;
    EXPECT_EQ(j.Append(one, 0, &last).code(), Code::kUnavailable);
    other.exec("ROLLBACK");
  }
  EXPECT_TRUE(j.CheckWritable().ok());
  EXPECT_EQ(*j.CountAfter(0), 0);  // the probe wrote nothing
}

TEST_F(IngestJournalTest, AppendOnAFullDiskAppendsNothing) {
  auto j = Open();
  Append(*j, {"a"});
  {
    testing::FileSizeLimit full(0);
    rules::Delivery big = DeliveryNamed(std::string(64 * 1024, 'x'));
    const rules::Delivery* one[] = {&big};
    int64_t last = 0;
    Status st = j->Append(one, 0, &last);
    EXPECT_EQ(st.code(), Code::kUnavailable) << st.ToString();
    EXPECT_EQ(last, 0);
  }
  EXPECT_EQ(Keys(*j, 0), (std::vector<std::string>{"a"}));
}

TEST_F(IngestJournalTest, DeletedFileRefusesWritesUntilReopened) {
  auto j = Open();
  Append(*j, {"a"});
  auto prober = Open();  // another connection, as /readyz has
  for (const std::string suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  EXPECT_TRUE(j->Moved());
  rules::Delivery d = DeliveryNamed("b");
  const rules::Delivery* one[] = {&d};
  int64_t last = 0;
  Status refused = j->Append(one, 0, &last);
  EXPECT_EQ(refused.code(), Code::kUnavailable);
  EXPECT_EQ(refused.message(), "ingest journal file was deleted or moved");
  EXPECT_EQ(last, 0);
  EXPECT_EQ(Keys(*j, 0), (std::vector<std::string>{"a"})) << "the old file is still readable";
  EXPECT_EQ(prober->CheckWritable().message(), "ingest journal file was deleted or moved");
  // Someone else's job to create the file: the prober waits for it.
  EXPECT_EQ(prober->ReopenIfMoved(/*create=*/false).code(), Code::kUnavailable);
  EXPECT_FALSE(std::filesystem::exists(path_));

  ASSERT_TRUE(j->ReopenIfMoved(/*create=*/true).ok());
  EXPECT_FALSE(j->Moved());
  ASSERT_EQ(*j->ResumeAfter(1), 1);
  EXPECT_EQ(Append(*j, {"c"}), 2) << "ids continue past the built mark";
  ASSERT_TRUE(prober->ReopenIfMoved(/*create=*/false).ok());
  EXPECT_TRUE(prober->CheckWritable().ok());
  EXPECT_TRUE(j->ReopenIfMoved(/*create=*/true).ok()) << "not moved: nothing to do";
  j.reset();
  EXPECT_EQ(Keys(*Open(), 0), (std::vector<std::string>{"c"})) << "the new file holds it";
}

TEST_F(IngestJournalTest, FileMadeReadOnlyWhileOpenIsNotWritable) {
  auto j = Open();
  Append(*j, {"a"});
  if (!testing::CanSetImmutable(std::filesystem::path(path_).parent_path())) {
    GTEST_SKIP() << "the immutable flag cannot be set here (CAP_LINUX_IMMUTABLE, ext4/xfs)";
  }
  {
    testing::ImmutableFiles read_only;
    ASSERT_TRUE(read_only.Set({path_, path_ + "-wal"}).ok());
    Status st = j->CheckWritable();
    EXPECT_EQ(st.code(), Code::kUnavailable);
    EXPECT_EQ(st.message().rfind("ingest journal file is not writable (", 0), 0u) << st.message();
    rules::Delivery d = DeliveryNamed("b");
    const rules::Delivery* one[] = {&d};
    int64_t last = 0;
    EXPECT_EQ(j->Append(one, 0, &last).code(), Code::kUnavailable);
  }
  EXPECT_TRUE(j->CheckWritable().ok());
  Append(*j, {"c"});
  EXPECT_EQ(Keys(*j, 0), (std::vector<std::string>{"a", "c"}));
}

}  // namespace
}  // namespace nagame::storage

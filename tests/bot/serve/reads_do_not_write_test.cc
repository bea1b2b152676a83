// Reads do not write (issue 17): every GET route of `nagame serve` (ServeRoutes, over real
// loopback HTTP) and every read-only slash command, on the seeded review store, leaves the
// database file byte-identical and its change counter where it was; and the same routes served
// from a read-only file (chmod 0444, every store opened read-only) give the same answers, but
// /readyz: it reports whether webhooks can be stored, and there they cannot.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/asio/thread_pool.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "bot/api/read_store.h"
#include "bot/chat/chat_service.h"
#include "bot/chat/slack/slack_signature.h"
#include "bot/http/query.h"
#include "bot/serve/routes.h"
#include "rules/clock.h"
#include "tests/bot/chat/configured_platforms.h"
#include "tests/bot/review/review_fixture.h"
#include "tests/support/http_client.h"
#include "tests/support/loopback_server.h"

namespace nagame::bot {
namespace {

constexpr char kSlackSecret[] = "8f742231b10e8888abcd99yyyzzz85a5";
constexpr char kWeek[] = "from=2026-11-23T00:00:00Z&to=2026-11-30T00:00:00Z";

// Every GET route of the table, with the arguments that make it read the most.
std::vector<std::string> GetTargets() {
  const std::string week = kWeek;
  return {"/healthz",
          "/readyz",
          "/metrics",
          "/api/v1/episodes?rule=HostDown",
          "/api/v1/episodes",
          "/api/v1/inventory?" + week,
          "/api/v1/inventory",
          "/api/v1/suggestions?" + week,
          "/api/v1/rules",
          "/api/v1/rules/HostDown?" + week,
          "/api/v1/rules/Quiet",
          "/api/v1/rules/NoSuchRule",
          "/api/v1/decisions?" + week,
          "/report",
          "/report/2026-W48",
          "/review",
          "/review/2026-W48"};
}

// The slash commands that only read.
const char* const kReadCommands[] = {"help",
                                     "inventory",
                                     "inventory 2026-W48",
                                     "top 5",
                                     "noisy",
                                     "stale",
                                     "missing",
                                     "rule HostDown",
                                     "rule Flappy",
                                     "rule NoSuchRule",
                                     "summary preview",
                                     "inventroy"};

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// One `nagame serve` route table over a review service and a read store on `config.database`,
// served on loopback.
class Serving {
 public:
  Serving(const Config& config, Time now, bool read_only) : config_(config) {
    ReviewServiceOptions options;
    options.clock = [now] { return now; };
    options.read_only = read_only;
    auto review = ReviewService::Create(config_, options);
    EXPECT_TRUE(review.ok()) << review.status().ToString();
    if (!review.ok()) return;
    review_ = std::move(*review);
    auto events = storage::EventStore::Open({.path = config_.database, .read_only = read_only});
    EXPECT_TRUE(events.ok()) << events.status().ToString();
    if (!events.ok()) return;
    read_store_ = std::make_unique<ReadStore>(std::move(*events));
    chat_ = std::make_unique<chat::ChatService>(config_, review_.get(), nullptr);
    RouteDeps deps{.config = &config_,
                   .read_store = read_store_.get(),
                   .metrics = &metrics_,
                   .review = {review_.get(), &pool_},
                   .chat = chat_.get(),
                   .clock = [now] { return now; }};
    for (http::Route& r : ServeRoutes(deps)) {
      EXPECT_TRUE(router_.Add(r.verb, r.pattern, std::move(r.handler)).ok()) << r.pattern;
    }
    auto server = testing::LoopbackServer::Start(router_);
    EXPECT_TRUE(server.ok()) << server.status().ToString();
    if (server.ok()) server_ = std::move(*server);
  }
  ~Serving() {
    server_.reset();
    chat_.reset();
    pool_.join();
  }

  bool ok() const { return server_ != nullptr; }

  // "<status> <body>" of GET target, the per-process CSRF token left out.
  std::string Get(const std::string& target) {
    testing::HttpClient client(server_->port());
    auto r = client.Get(target);
    EXPECT_TRUE(r.ok()) << target << ": " << r.status().ToString();
    if (!r.ok()) return "";
    static const std::regex kCsrf("name=\"csrf\" value=\"[^\"]*\"");
    return std::to_string(r->status) + " " + std::regex_replace(r->body, kCsrf, "csrf");
  }

  // "<status> <body>" of the Slack slash command `text`, signed as Slack signs it.
  std::string Slash(const std::string& text) {
    const std::string body = http::EncodeQuery(
        {{"command", "/nagame"}, {"text", text}, {"user_name", "mori"}, {"response_url", ""}});
    const std::string ts = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(SystemNow().time_since_epoch()).count());
    testing::HttpClient client(server_->port());
    auto r = client.Post("/chat/slack/commands", body, "application/x-www-form-urlencoded",
                         {{"X-Slack-Request-Timestamp", ts},
                          {"X-Slack-Signature", chat::SlackSignature(kSlackSecret, ts, body)}});
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    return r.ok() ? std::to_string(r->status) + " " + r->body : "";
  }

  // Every read: the GET routes, then the read commands.
  std::vector<std::string> ReadEverything() {
    std::vector<std::string> out;
    for (const std::string& t : GetTargets()) out.push_back(t + " → " + Get(t));
    for (const char* c : kReadCommands) out.push_back(std::string(c) + " → " + Slash(c));
    return out;
  }

 private:
  Config config_;
  std::unique_ptr<ReviewService> review_;
  std::unique_ptr<ReadStore> read_store_;
  std::unique_ptr<chat::ChatService> chat_;
  Metrics metrics_;
  boost::asio::thread_pool pool_{2};
  http::Router router_;
  std::unique_ptr<testing::LoopbackServer> server_;
};

class ReadsDoNotWriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_.config().chat =
        testing::PlatformsFrom(std::string("slack: {signing_secret: \"") + kSlackSecret + "\"}");
    // The scheduler's snapshot, then everything checkpointed into the main file, so that the
    // file alone is the database.
    {
      auto service = world_.Service();
      ASSERT_TRUE(service);
      ASSERT_TRUE(service->TakeSnapshots().ok());
    }
    SQLite::Database db(world_.config().database, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  std::filesystem::path db_path() { return world_.config().database; }

  testing::ReviewWorld world_;
};

TEST_F(ReadsDoNotWriteTest, EveryReadLeavesTheDatabaseByteIdenticalAndUnchanged) {
  Serving serving(world_.config(), world_.now(), /*read_only=*/false);
  ASSERT_TRUE(serving.ok());
  // The state once the stores are open (opening may migrate; that is not a read).
  SQLite::Database watcher(db_path().string(), SQLite::OPEN_READONLY);
  auto data_version = [&watcher] { return watcher.execAndGet("PRAGMA data_version").getInt64(); };
  const auto wal = std::filesystem::path(db_path().string() + "-wal");
  auto files = [&] { return ReadFile(db_path()) + "\n--wal--\n" + ReadFile(wal); };
  const int64_t version_before = data_version();
  const std::string files_before = files();

  for (const std::string& a : serving.ReadEverything()) {
    EXPECT_EQ(a.find("→ 5"), std::string::npos) << a;  // no read failed
  }
  EXPECT_EQ(data_version(), version_before) << "another connection committed";
  EXPECT_TRUE(files() == files_before) << "the database or its WAL changed";

  // The check can fail: a record is a write, and it is seen.
  rules::Ack ack;
  ack.rule = "HostDown";
  ack.user = "mori";
  ASSERT_TRUE(world_.Service()->RecordAck(ack).ok());
  EXPECT_NE(data_version(), version_before);
  EXPECT_FALSE(files() == files_before);
}

TEST_F(ReadsDoNotWriteTest, AReadOnlyFileServesEveryReadWithTheSameAnswers) {
  std::vector<std::string> writable;
  {
    Serving serving(world_.config(), world_.now(), /*read_only=*/false);
    ASSERT_TRUE(serving.ok());
    writable = serving.ReadEverything();
  }
  std::filesystem::permissions(db_path(), std::filesystem::perms::owner_read |
                                              std::filesystem::perms::group_read |
                                              std::filesystem::perms::others_read);
  struct stat st {};
  ASSERT_EQ(::stat(db_path().c_str(), &st), 0);
  ASSERT_EQ(st.st_mode & 0777, 0444u);
  std::vector<std::string> read_only;
  {
    Serving serving(world_.config(), world_.now(), /*read_only=*/true);
    ASSERT_TRUE(serving.ok());
    read_only = serving.ReadEverything();
  }
  ASSERT_EQ(read_only.size(), writable.size());
  for (size_t i = 0; i < writable.size(); ++i) {
    // /readyz says whether webhooks can be stored (a write probe that changes nothing): a
    // read-only file cannot take them.
    if (writable[i].starts_with("/readyz ")) {
      EXPECT_TRUE(read_only[i].starts_with("/readyz → 503 ")) << read_only[i];
      continue;
    }
    EXPECT_EQ(read_only[i], writable[i]);
    // The answers are real ones, not errors.
    if (read_only[i].find("NoSuchRule") == std::string::npos) {
      EXPECT_NE(read_only[i].find("→ 200 "), std::string::npos) << read_only[i].substr(0, 300);
    }
  }
}

TEST_F(ReadsDoNotWriteTest, AReadOnlyServiceRefusesWritesWithoutTouchingTheFile) {
  std::filesystem::permissions(db_path(), std::filesystem::perms::owner_read |
                                              std::filesystem::perms::group_read |
                                              std::filesystem::perms::others_read);
  const std::string before = ReadFile(db_path());
  ReviewServiceOptions options;
  options.clock = [now = world_.now()] { return now; };
  options.read_only = true;
  auto service = ReviewService::Create(world_.config(), options);
  ASSERT_TRUE(service.ok()) << service.status().ToString();
  rules::Ack ack;
  ack.rule = "HostDown";
  ack.user = "mori";
  EXPECT_FALSE((*service)->RecordAck(ack).ok());
  EXPECT_FALSE((*service)->TakeSnapshots().ok());
  EXPECT_TRUE((*service)->Inventory(world_.week()).ok());
  EXPECT_TRUE(ReadFile(db_path()) == before);
}

}  // namespace
}  // namespace nagame::bot

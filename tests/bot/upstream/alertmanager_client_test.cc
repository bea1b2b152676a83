// Decoding Alertmanager's /api/v2/silences answers: the good shape, and every malformed one
// refused with the field that is wrong.
#include "bot/upstream/alertmanager_client.h"

#include <gtest/gtest.h>

namespace nagame::bot {
namespace {

nlohmann::json Json(const char* text) { return nlohmann::json::parse(text); }

TEST(AlertmanagerAnswers, SilencesWithMatchersAndState) {
  auto silences = ParseSilencesAnswer(Json(R"([{"id":"5d1c","status":{"state":"active"},
      "updatedAt":"2026-11-20T10:00:00Z","comment":"JIRA-12 disk swap","createdBy":"kai",
      "startsAt":"2026-11-20T10:00:00Z","endsAt":"2026-12-20T10:00:00Z",
      "matchers":[{"name":"alertname","value":"DiskFull","isRegex":false,"isEqual":true},
                  {"name":"instance","value":"db-.*","isRegex":true,"isEqual":false},
                  {"name":"job","value":"node","isRegex":false}]}])"));
  ASSERT_TRUE(silences.ok()) << silences.status().ToString();
  ASSERT_EQ(silences->size(), 1u);
  const rules::Silence& s = silences->at(0);
  EXPECT_EQ(s.id, "5d1c");
  EXPECT_EQ(s.state, "active");
  EXPECT_EQ(s.created_by, "kai");
  EXPECT_EQ(s.comment, "JIRA-12 disk swap");
  EXPECT_EQ(FormatRfc3339(s.ends_at), "2026-12-20T10:00:00Z");
  ASSERT_EQ(s.matchers.size(), 3u);
  EXPECT_TRUE(s.matchers[1].is_regex);
  EXPECT_FALSE(s.matchers[1].is_equal);
  EXPECT_TRUE(s.matchers[2].is_equal);  // absent isEqual: Alertmanager before 0.22
}

TEST(AlertmanagerAnswers, MalformedSilencesNameTheField) {
  struct Case {
    const char* body;
    const char* message;
  };
  const Case cases[] = {
      {R"({"silences":[]})", "GET /api/v2/silences: malformed answer: body: must be an array"},
      {R"([{"id":"a","startsAt":"2026-11-20T10:00:00Z","endsAt":"soon","matchers":[]}])",
       "[0].endsAt"},
      {R"([{"id":"a","startsAt":"2026-11-20T10:00:00Z","endsAt":"2026-11-21T10:00:00Z"}])",
       "[0].matchers: must be an array"},
      {R"([{"id":"a","startsAt":"2026-11-20T10:00:00Z","endsAt":"2026-11-21T10:00:00Z",
            "matchers":[{"name":"x","value":"y","isRegex":"no"}]}])",
       "[0].matchers[0].isRegex: must be a boolean"},
      {R"([{"startsAt":"2026-11-20T10:00:00Z","endsAt":"2026-11-21T10:00:00Z","matchers":[]}])",
       "[0].id: is required"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body);
    Status st = ParseSilencesAnswer(Json(c.body)).status();
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find(c.message), std::string::npos) << st.message();
  }
}

TEST(AlertmanagerAnswers, ErrorTexts) {
  EXPECT_EQ(AlertmanagerErrorText(Json(R"("silence not found")")), "silence not found");
  EXPECT_EQ(AlertmanagerErrorText(Json(R"({"code":400,"message":"bad matcher"})")), "bad matcher");
  EXPECT_EQ(AlertmanagerErrorText(Json("[]")), "");
}

}  // namespace
}  // namespace nagame::bot

// CSRF tokens: bound to the user and the key, compared whole.
#include "bot/auth/csrf.h"

#include <gtest/gtest.h>

namespace nagame::bot {
namespace {

TEST(CsrfTokens, BoundToTheUserAndTheKey) {
  const CsrfTokens tokens("key");
  const std::string ana = tokens.For("ana");
  EXPECT_EQ(ana.size(), 64u);
  EXPECT_TRUE(tokens.Valid("ana", ana));
  EXPECT_FALSE(tokens.Valid("bo", ana));
  EXPECT_FALSE(tokens.Valid("ana", ana.substr(0, 63)));
  EXPECT_FALSE(tokens.Valid("ana", ""));
  EXPECT_FALSE(CsrfTokens("other").Valid("ana", ana));
  EXPECT_FALSE(tokens.Valid("", tokens.For("")));
  EXPECT_NE(CsrfTokens::Random().For("ana"), CsrfTokens::Random().For("ana"));
}

}  // namespace
}  // namespace nagame::bot

#include "auth/accounts.hpp"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_bundle.hpp"

namespace parley::auth {
namespace {

class Accounts : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string why;
        db = store::sqlite::sqlite_bundle::open(":memory:", why);
        ASSERT_TRUE(db);
        ASSERT_FALSE(db->migrate().has_error());
    }
    std::unique_ptr<store::sqlite::sqlite_bundle> db;
};

TEST_F(Accounts, RegisterSignsIn) {
    accounts a(db->accounts());
    auto r = a.register_user("alice", "password1", std::nullopt);
    ASSERT_FALSE(r.has_error()) << r.error().message;
    auto who = a.authenticate(r->token);
    ASSERT_FALSE(who.has_error());
    EXPECT_EQ(who->username, "alice");
}

TEST_F(Accounts, RegisterValidatesInput) {
    accounts a(db->accounts());
    EXPECT_EQ(a.register_user("x", "password1", std::nullopt).error().code, "invalid_username");
    EXPECT_EQ(a.register_user("alice", "short", std::nullopt).error().code, "invalid_password");
    EXPECT_EQ(a.register_user("alice", "password1", "bad").error().code, "invalid_email");
}

TEST_F(Accounts, TakenUsernameIsAConflict) {
    accounts a(db->accounts());
    ASSERT_FALSE(a.register_user("alice", "password1", std::nullopt).has_error());
    auto again = a.register_user("ALICE", "password2", std::nullopt);
    ASSERT_TRUE(again.has_error());
    EXPECT_EQ(again.error().code, "username_taken");
    EXPECT_EQ(again.error().http_status, 409);
}

TEST_F(Accounts, LoginFailsAlikeForUnknownUserAndWrongPassword) {
    accounts a(db->accounts());
    ASSERT_FALSE(a.register_user("alice", "password1", std::nullopt).has_error());
    auto wrong = a.login("alice", "password2");
    auto unknown = a.login("nobody", "password1");
    ASSERT_TRUE(wrong.has_error());
    ASSERT_TRUE(unknown.has_error());
    EXPECT_EQ(wrong.error().code, unknown.error().code);
    EXPECT_EQ(wrong.error().message, unknown.error().message);
    EXPECT_EQ(wrong.error().http_status, 401);
}

TEST_F(Accounts, LoginIsCaseInsensitiveOnTheUsername) {
    accounts a(db->accounts());
    ASSERT_FALSE(a.register_user("Alice", "password1", std::nullopt).has_error());
    auto r = a.login("alice", "password1");
    ASSERT_FALSE(r.has_error());
    EXPECT_EQ(r->user.username, "Alice");
}

TEST_F(Accounts, LogoutEndsTheSession) {
    accounts a(db->accounts());
    auto r = a.register_user("alice", "password1", std::nullopt);
    ASSERT_FALSE(a.logout(r->token).has_error());
    EXPECT_EQ(a.authenticate(r->token).error().code, "unauthorized");
}

TEST_F(Accounts, ExpiredSessionsAreRejected) {
    accounts a(db->accounts(), std::chrono::milliseconds(-1));
    auto r = a.register_user("alice", "password1", std::nullopt);
    ASSERT_FALSE(r.has_error());
    EXPECT_EQ(a.authenticate(r->token).error().code, "unauthorized");
}

TEST_F(Accounts, UnknownOrEmptyTokensAreRejected) {
    accounts a(db->accounts());
    EXPECT_EQ(a.authenticate("").error().http_status, 401);
    EXPECT_EQ(a.authenticate("made-up").error().http_status, 401);
}

}  // namespace
}  // namespace parley::auth

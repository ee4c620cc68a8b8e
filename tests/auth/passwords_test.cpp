#include "auth/passwords.hpp"

#include <gtest/gtest.h>

#include "auth/rules.hpp"
#include "auth/tokens.hpp"

namespace parley::auth {
namespace {

TEST(Passwords, HashVerifiesOnlyTheSamePassword) {
    auto h = hash_password("correct horse");
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->starts_with("$argon2id$"));
    EXPECT_TRUE(verify_password(*h, "correct horse"));
    EXPECT_FALSE(verify_password(*h, "correct horsE"));
    EXPECT_FALSE(verify_password(*h, ""));
}

TEST(Passwords, SamePasswordHashesDifferently) {
    EXPECT_NE(*hash_password("same password"), *hash_password("same password"));
}

TEST(Passwords, GarbageHashNeverVerifies) {
    EXPECT_FALSE(verify_password("not a hash", "anything"));
    EXPECT_FALSE(verify_password("", ""));
}

TEST(Tokens, AreLongRandomAndUrlSafe) {
    const auto a = new_token();
    const auto b = new_token();
    EXPECT_EQ(a.size(), 43u);
    EXPECT_NE(a, b);
    EXPECT_EQ(
        a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
}

TEST(Tokens, HashIsStableHexSha256) {
    EXPECT_EQ(token_hash("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(token_hash("abc"), token_hash("abc"));
    EXPECT_NE(token_hash("abc"), token_hash("abd"));
}

TEST(Uuid, IsVersion4) {
    const auto u = new_uuid();
    ASSERT_EQ(u.size(), 36u);
    EXPECT_EQ(u[14], '4');
    EXPECT_NE(u, new_uuid());
}

TEST(Rules, Usernames) {
    EXPECT_FALSE(check_username("alice"));
    EXPECT_FALSE(check_username("a.b-c_9"));
    EXPECT_FALSE(check_username(std::string(32, 'x')));
    EXPECT_TRUE(check_username("ab"));
    EXPECT_TRUE(check_username(std::string(33, 'x')));
    EXPECT_TRUE(check_username("has space"));
    EXPECT_TRUE(check_username("émile"));
    EXPECT_TRUE(check_username("<script>"));
}

TEST(Rules, Passwords) {
    EXPECT_FALSE(check_password("12345678"));
    EXPECT_TRUE(check_password("1234567"));
    EXPECT_FALSE(check_password("pässwörd"));  // 8 characters, 10 bytes
    EXPECT_TRUE(check_password(std::string(1025, 'x')));
}

TEST(Rules, Emails) {
    EXPECT_FALSE(check_email("a@example.com"));
    EXPECT_TRUE(check_email("example.com"));
    EXPECT_TRUE(check_email("a@b"));
    EXPECT_TRUE(check_email("a b@example.com"));
    EXPECT_TRUE(check_email("a@@example.com"));
}

}  // namespace
}  // namespace parley::auth

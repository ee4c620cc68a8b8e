#include <gtest/gtest.h>

#include "api/api_test.hpp"

namespace parley::testing {
namespace {

namespace json = boost::json;

using Profiles = api_test;

TEST_F(Profiles, ProfileHasEveryField) {
    auto p = call(alice, "GET", "/profile").body.as_object();
    for (const char* field : {"id", "username", "nickname", "email", "avatar", "tags", "createdAt"})
        EXPECT_TRUE(p.contains(field)) << field;
}

TEST_F(Profiles, PatchSetsAndClearsFields) {
    auto r = call(alice, "PATCH", "/profile",
                  {{"nickname", " Ally "},
                   {"email", "a@example.com"},
                   {"avatar", "https://img.example/a.png"}});
    ASSERT_EQ(r.status, 200) << r.raw_body;
    EXPECT_EQ(r.body.at("nickname").as_string(), "Ally");
    EXPECT_EQ(r.body.at("email").as_string(), "a@example.com");
    auto cleared = call(alice, "PATCH", "/profile", {{"nickname", nullptr}});
    EXPECT_TRUE(cleared.body.at("nickname").is_null());
    EXPECT_EQ(cleared.body.at("email").as_string(), "a@example.com") << "untouched fields stay";
}

TEST_F(Profiles, PatchValidates) {
    EXPECT_EQ(call(alice, "PATCH", "/profile", {{"nickname", ""}}).status, 400);
    EXPECT_EQ(call(alice, "PATCH", "/profile", {{"nickname", std::string(33, 'x')}}).status, 400);
    EXPECT_EQ(call(alice, "PATCH", "/profile", {{"nickname", "tab\there"}}).status, 400);
    EXPECT_EQ(call(alice, "PATCH", "/profile", {{"email", "nope"}}).status, 400);
    EXPECT_EQ(call(alice, "PATCH", "/profile", {{"avatar", "javascript:alert(1)"}}).status, 400);
    EXPECT_EQ(call(alice, "PATCH", "/profile", {{"avatar", "ftp://x.example/a.png"}}).status, 400);
    EXPECT_EQ(call(alice, "PATCH", "/profile",
                   {{"avatar", "https://x.example/" + std::string(2048, 'a')}})
                  .status,
              400);
    EXPECT_EQ(call(alice, "PATCH", "/profile", {{"nickname", 5}}).status, 400);
}

TEST_F(Profiles, NicknamesCannotHideOrTurnText) {
    // U+202E right-to-left override, U+200B zero-width space, U+2066 isolate, U+FEFF, U+3164
    // Hangul filler, only ideographic spaces.
    for (const char* bad :
         {"bob\u202Eecila", "b\u200Bob", "\u2066bob", "bob\uFEFF", "\u3164", "\u3000\u3000"}) {
        auto r = call(alice, "PATCH", "/profile", {{"nickname", bad}});
        EXPECT_EQ(r.status, 400) << bad;
        EXPECT_EQ(r.body.at("error").at("code").as_string(), "invalid_field") << bad;
    }
    // Emoji joined with ZWJ, Persian with ZWNJ, accents and CJK stay fine.
    for (const char* good : {"\U0001F469\u200D\U0001F4BB",
                             "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", "Zoë", "王小明"}) {
        EXPECT_EQ(call(alice, "PATCH", "/profile", {{"nickname", good}}).status, 200) << good;
    }
}

TEST_F(Profiles, ANicknameCannotBeAnotherUsersUsername) {
    auto r = call(alice, "PATCH", "/profile", {{"nickname", "BOB"}});
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(r.body.at("error").at("code").as_string(), "nickname_taken");
    EXPECT_EQ(call(alice, "PATCH", "/profile", {{"nickname", "Alice"}}).status, 200)
        << "your own username is yours to use";
}

TEST_F(Profiles, PublicProfileHidesTheEmail) {
    call(alice, "PATCH", "/profile", {{"email", "a@example.com"}});
    auto r = call(bob, "GET", "/users/ALICE");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body.at("username").as_string(), "alice");
    EXPECT_FALSE(r.body.as_object().contains("email"));
    EXPECT_EQ(call(bob, "GET", "/users/nobody").status, 404);
}

TEST_F(Profiles, NicknamesMatchUsernameOrNicknamePrefixIgnoringCase) {
    server.signup("albert");
    call(bob, "PATCH", "/profile", {{"nickname", "Alpha Bob"}});
    auto r = call(alice, "GET", "/nicknames?q=AL");
    ASSERT_EQ(r.status, 200);
    std::vector<std::string> names;
    for (const auto& u : r.body.at("users").as_array())
        names.emplace_back(u.at("username").as_string());
    EXPECT_EQ(names, (std::vector<std::string>{"albert", "alice", "bob"}));
    EXPECT_EQ(call(alice, "GET", "/nicknames?q=al&limit=1").body.at("users").as_array().size(), 1u);
    EXPECT_TRUE(call(alice, "GET", "/nicknames?q=zz").body.at("users").as_array().empty());
    EXPECT_EQ(call(alice, "GET", "/nicknames?q=al&limit=0").status, 400);
    // LIKE wildcards are plain characters here.
    EXPECT_TRUE(call(alice, "GET", "/nicknames?q=%25").body.at("users").as_array().empty());
}

TEST_F(Profiles, NicknamesShowWhoIsOnline) {
    auto a = server.connect(alice);
    auto users = call(bob, "GET", "/nicknames?q=alice").body.at("users").as_array();
    ASSERT_EQ(users.size(), 1u);
    EXPECT_TRUE(users[0].at("online").as_bool());
    a->close();
    for (int i = 0;
         i < 50 &&
         call(bob, "GET", "/nicknames?q=alice").body.at("users").at(0).at("online").as_bool();
         ++i)
        std::this_thread::sleep_for(20ms);
    EXPECT_FALSE(
        call(bob, "GET", "/nicknames?q=alice").body.at("users").at(0).at("online").as_bool());
}

TEST_F(Profiles, TagsAreNormalizedAndAddingTwiceIsANoOp) {
    auto r = call(alice, "POST", "/profile/tags", {{"tag", "  Rust "}});
    ASSERT_EQ(r.status, 200) << r.raw_body;
    EXPECT_EQ(r.body.at("tags").as_array().size(), 1u);
    EXPECT_EQ(r.body.at("tags").at(0).as_string(), "rust");
    EXPECT_EQ(
        call(alice, "POST", "/profile/tags", {{"tag", "RUST"}}).body.at("tags").as_array().size(),
        1u);
    EXPECT_EQ(call(alice, "POST", "/profile/tags", {{"tag", "no spaces"}}).status, 400);
    EXPECT_EQ(call(alice, "POST", "/profile/tags", {{"tag", std::string(33, 'a')}}).status, 400);
    EXPECT_EQ(call(alice, "GET", "/profile").body.at("tags").at(0).as_string(), "rust");
}

TEST_F(Profiles, TagCountsAndTagMembers) {
    call(alice, "POST", "/profile/tags", {{"tag", "rust"}});
    call(bob, "POST", "/profile/tags", {{"tag", "rust"}});
    call(bob, "POST", "/profile/tags", {{"tag", "go"}});
    auto tags = call(alice, "GET", "/tags").body.at("tags").as_array();
    ASSERT_EQ(tags.size(), 2u);
    EXPECT_EQ(tags[0].at("tag").as_string(), "go");
    EXPECT_EQ(tags[1].at("users").as_int64(), 2);
    auto users = call(alice, "GET", "/tags/Rust/users").body.at("users").as_array();
    ASSERT_EQ(users.size(), 2u);
    EXPECT_FALSE(users[0].as_object().contains("email"));
}

TEST_F(Profiles, RemovingATag) {
    call(alice, "POST", "/profile/tags", {{"tag", "rust"}});
    EXPECT_EQ(call(alice, "DELETE", "/profile/tags/RUST").status, 200);
    EXPECT_EQ(call(alice, "DELETE", "/profile/tags/rust").status, 404);
    EXPECT_TRUE(call(alice, "GET", "/tags").body.at("tags").as_array().empty());
}

}  // namespace
}  // namespace parley::testing

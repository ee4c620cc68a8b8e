// The contract of store::accounts, for every backend.
#include <algorithm>

#include "store/contract/backends.hpp"

namespace parley::store::contract {
namespace {

template <class B>
class AccountsContract : public store_fixture<B> {};
TYPED_TEST_SUITE(AccountsContract, backends, backend_names);

TYPED_TEST(AccountsContract, UsernamesAreUniqueIgnoringCase) {
    this->make_user("Alice");
    auto again = this->db->accounts().create_user({"aLICE", std::nullopt, "h"}, 1000);
    ASSERT_TRUE(again.has_error());
    EXPECT_EQ(again.error(), errc::conflict);
    EXPECT_EQ(this->db->accounts().find_credentials("ALICE")->account.username, "Alice");
}

TYPED_TEST(AccountsContract, CredentialsCarryTheHash) {
    const auto u = this->make_user("bob");
    auto c = this->db->accounts().find_credentials("bob");
    ASSERT_FALSE(c.has_error());
    EXPECT_EQ(c->account.id, u.id);
    EXPECT_EQ(c->password_hash, "hash-of-bob");
    EXPECT_EQ(this->db->accounts().find_credentials("nobody").error(), errc::not_found);
}

TYPED_TEST(AccountsContract, SessionsExpire) {
    auto& a = this->db->accounts();
    const auto u = this->make_user("carol");
    ASSERT_FALSE(a.create_session({"h1", u.id, 100, 200}).has_error());
    EXPECT_EQ(a.find_session_user("h1", 150)->account.id, u.id);
    EXPECT_EQ(a.find_session_user("h1", 150)->expires_at, 200);
    EXPECT_EQ(a.find_session_user("h1", 200).error(), errc::not_found);
    EXPECT_EQ(a.find_session_user("other", 150).error(), errc::not_found);
}

TYPED_TEST(AccountsContract, ASessionForAnOldPasswordIsNotMadeOnceItChanged) {
    auto& a = this->db->accounts();
    const auto u = this->make_user("erin");
    const auto verified = a.find_credentials("erin")->password_hash;
    ASSERT_FALSE(a.create_session({"before", u.id, 100, 10'000, verified}).has_error());
    // The sign-in checked the old password; the change commits before its session is made.
    ASSERT_FALSE(a.change_password(u.id, "new-hash", "").has_error());
    EXPECT_EQ(a.create_session({"late", u.id, 100, 10'000, verified}).error(), errc::conflict);
    EXPECT_EQ(a.find_session_user("late", 150).error(), errc::not_found);
    EXPECT_EQ(a.find_session_user("before", 150).error(), errc::not_found) << "ended by the change";
    EXPECT_FALSE(a.create_session({"now", u.id, 100, 10'000, "new-hash"}).has_error());
    EXPECT_EQ(a.find_session_user("now", 150)->account.id, u.id);
}

TYPED_TEST(AccountsContract, DeletedSessionsAreGone) {
    auto& a = this->db->accounts();
    const auto u = this->make_user("dave");
    ASSERT_FALSE(a.create_session({"h2", u.id, 100, 200}).has_error());
    ASSERT_FALSE(a.delete_session("h2").has_error());
    EXPECT_EQ(a.find_session_user("h2", 150).error(), errc::not_found);
    EXPECT_FALSE(a.delete_session("h2").has_error());
}

TYPED_TEST(AccountsContract, SigningOutEverywhereEndsEverySessionOfTheUserOnly) {
    auto& a = this->db->accounts();
    const auto u = this->make_user("hal");
    const auto other = this->make_user("ida");
    for (const char* h : {"s1", "s2"})
        ASSERT_FALSE(a.create_session({h, u.id, 100, 10'000}).has_error());
    ASSERT_FALSE(a.create_session({"hers", other.id, 100, 10'000}).has_error());
    auto ended = a.delete_sessions(u.id);
    ASSERT_FALSE(ended.has_error());
    std::sort(ended->begin(), ended->end());
    EXPECT_EQ(*ended, (std::vector<std::string>{"s1", "s2"}));
    EXPECT_EQ(a.find_session_user("s1", 150).error(), errc::not_found);
    EXPECT_FALSE(a.find_session_user("hers", 150).has_error());
    EXPECT_TRUE(a.delete_sessions(u.id)->empty());
}

TYPED_TEST(AccountsContract, ChangingThePasswordEndsTheOtherSessions) {
    auto& a = this->db->accounts();
    const auto u = this->make_user("fay");
    const auto other = this->make_user("gus");
    for (const char* h : {"keep", "gone1", "gone2"})
        ASSERT_FALSE(a.create_session({h, u.id, 100, 10'000}).has_error());
    ASSERT_FALSE(a.create_session({"theirs", other.id, 100, 10'000}).has_error());
    auto ended = a.change_password(u.id, "new-hash", "keep");
    ASSERT_FALSE(ended.has_error());
    std::sort(ended->begin(), ended->end());
    EXPECT_EQ(*ended, (std::vector<std::string>{"gone1", "gone2"}));
    EXPECT_EQ(a.find_credentials("fay")->password_hash, "new-hash");
    EXPECT_FALSE(a.find_session_user("keep", 150).has_error());
    EXPECT_EQ(a.find_session_user("gone1", 150).error(), errc::not_found);
    EXPECT_FALSE(a.find_session_user("theirs", 150).has_error()) << "others' sessions stay";
    EXPECT_EQ(a.change_password(987654, "h", "").error(), errc::not_found);
}

TYPED_TEST(AccountsContract, ProfileUpdatesReplaceAndClear) {
    auto& a = this->db->accounts();
    const auto u = this->make_user("erin");
    auto set = a.update_profile(u.id, {"Ez", "e@x.org", std::nullopt});
    ASSERT_FALSE(set.has_error());
    EXPECT_EQ(set->nickname, "Ez");
    auto cleared = a.update_profile(u.id, {std::nullopt, "e@x.org", std::nullopt});
    EXPECT_FALSE(cleared->nickname.has_value());
    EXPECT_EQ(a.find_user(u.id)->email, "e@x.org");
    EXPECT_EQ(a.update_profile(987654, {}).error(), errc::not_found);
}

TYPED_TEST(AccountsContract, SearchMatchesUsernameOrNicknamePrefixIgnoringCase) {
    auto& a = this->db->accounts();
    this->make_user("frank");
    const auto g = this->make_user("gina");
    this->make_user("hugo");
    ASSERT_FALSE(a.update_profile(g.id, {"Francesca", std::nullopt, std::nullopt}).has_error());
    auto found = a.search_users("FR", 10);
    ASSERT_EQ(found->size(), 2u);
    EXPECT_EQ((*found)[0].username, "frank");
    EXPECT_EQ((*found)[1].username, "gina");
    EXPECT_EQ(a.search_users("fr", 1)->size(), 1u);
}

TYPED_TEST(AccountsContract, TagsAreCountedAndListed) {
    auto& a = this->db->accounts();
    const auto u = this->make_user("ian");
    const auto v = this->make_user("jan");
    ASSERT_FALSE(a.add_tag(u.id, "rust", 1).has_error());
    ASSERT_FALSE(a.add_tag(u.id, "rust", 2).has_error());  // a no-op
    ASSERT_FALSE(a.add_tag(u.id, "go", 3).has_error());
    ASSERT_FALSE(a.add_tag(v.id, "rust", 4).has_error());
    EXPECT_EQ(*a.user_tags(u.id), (std::vector<std::string>{"go", "rust"}));
    auto counts = a.all_tags();
    ASSERT_EQ(counts->size(), 2u);
    EXPECT_EQ((*counts)[1].tag, "rust");
    EXPECT_EQ((*counts)[1].users, 2);
    EXPECT_EQ(a.users_with_tag("rust")->size(), 2u);
    EXPECT_TRUE(*a.remove_tag(u.id, "rust"));
    EXPECT_FALSE(*a.remove_tag(u.id, "rust"));
}

TYPED_TEST(AccountsContract, DisablingEndsSessionsAndIsReported) {
    auto& a = this->db->accounts();
    const auto u = this->make_user("jade");
    const auto other = this->make_user("kim");
    ASSERT_FALSE(a.create_session({"s1", u.id, 100, 10'000}).has_error());
    ASSERT_FALSE(a.create_session({"s2", other.id, 100, 10'000}).has_error());
    EXPECT_FALSE(a.find_credentials("jade")->disabled);
    auto ended = a.set_disabled(u.id, true, 200);
    ASSERT_FALSE(ended.has_error());
    EXPECT_EQ(*ended, std::vector<std::string>{"s1"});
    EXPECT_TRUE(a.find_credentials("jade")->disabled);
    EXPECT_EQ(a.find_session_user("s1", 150).error(), errc::not_found);
    EXPECT_TRUE(a.search_users("ja", 10)->empty()) << "disabled users are not found by search";
    // A session made while disabled (a sign-in racing the disabling) is not a live one.
    ASSERT_FALSE(a.create_session({"late", u.id, 300, 10'000}).has_error());
    EXPECT_EQ(a.find_session_user("late", 400).error(), errc::not_found);
    EXPECT_TRUE(a.set_disabled(u.id, false, 500)->empty());
    EXPECT_FALSE(a.find_credentials("jade")->disabled);
    EXPECT_FALSE(a.find_session_user("late", 400).has_error());
    EXPECT_FALSE(a.find_session_user("s2", 150).has_error()) << "others' sessions stay";
    EXPECT_EQ(a.set_disabled(987654, true, 1).error(), errc::not_found);
}

TYPED_TEST(AccountsContract, LiveSessionsAreTheStoredUnexpiredOnesOfEnabledUsers) {
    auto& a = this->db->accounts();
    const auto u = this->make_user("lou");
    const auto off = this->make_user("max");
    ASSERT_FALSE(a.create_session({"live", u.id, 100, 10'000}).has_error());
    ASSERT_FALSE(a.create_session({"old", u.id, 100, 200}).has_error());
    ASSERT_FALSE(a.create_session({"off", off.id, 100, 10'000}).has_error());
    ASSERT_FALSE(a.set_disabled(off.id, true, 150).has_error());
    ASSERT_FALSE(a.create_session({"off2", off.id, 160, 10'000}).has_error());
    auto live = a.live_sessions({"live", "old", "off2", "gone", "with \"quotes\""}, 300);
    ASSERT_FALSE(live.has_error());
    EXPECT_EQ(*live, std::vector<std::string>{"live"});
    EXPECT_TRUE(a.live_sessions({}, 300)->empty());
}

TYPED_TEST(AccountsContract, DeletingClearsTheAccountAndKeepsItsMessages) {
    auto& a = this->db->accounts();
    const auto u = this->make_user("ned");
    const auto room = this->make_room(u, "kept");
    ASSERT_FALSE(a.add_tag(u.id, "ops", 1).has_error());
    ASSERT_FALSE(a.update_profile(u.id, {"Neddy", "n@x.org", "a.png"}).has_error());
    ASSERT_FALSE(a.create_session({"n1", u.id, 100, 10'000}).has_error());
    auto saved = this->save({{room.id, u.id, "ned", "still here", 5}});
    ASSERT_FALSE(saved[0].has_error());

    auto ended = a.delete_user(u.id, 200);
    ASSERT_FALSE(ended.has_error());
    EXPECT_EQ(*ended, std::vector<std::string>{"n1"});
    EXPECT_EQ(a.find_credentials("ned").error(), errc::not_found) << "the name is free";
    auto gone = a.find_user(u.id);
    ASSERT_FALSE(gone.has_error());
    EXPECT_EQ(gone->username, deleted_username(u.id));
    EXPECT_FALSE(gone->nickname || gone->email || gone->avatar);
    EXPECT_TRUE(a.user_tags(u.id)->empty());
    EXPECT_FALSE(this->db->rooms().member_role(room.id, u.id)->has_value());
    auto history = this->db->log().read(room.id, {});
    ASSERT_FALSE(history.has_error());
    ASSERT_EQ(history->messages.size(), 1u);
    EXPECT_EQ(history->messages[0].text, "still here");
    EXPECT_EQ(history->messages[0].sender, deleted_username(u.id));
    EXPECT_FALSE(a.create_user({"ned", std::nullopt, "h"}, 300).has_error());
    EXPECT_EQ(a.delete_user(987654, 1).error(), errc::not_found);
}

}  // namespace
}  // namespace parley::store::contract

// The contract of message_log::search, for every backend: any script, only the caller's rooms.
#include "store/contract/backends.hpp"

namespace parley::store::contract {
namespace {

template <class B>
class MessageSearchContract : public store_fixture<B> {
  protected:
    void SetUp() override {
        store_fixture<B>::SetUp();
        alice = this->make_user("alice");
        bob = this->make_user("bob");
        shared = this->make_room(alice, "shared");
        ASSERT_FALSE(
            this->db->rooms().add_member(shared.id, bob.id, member_role::member, 1).has_error());
        secret = this->make_room(alice, "secret", true);
    }
    message post(const store::room& r, const user& u, std::string text) {
        auto saved = this->save({{r.id, u.id, u.username, std::move(text), 10, std::nullopt}});
        EXPECT_FALSE(saved.at(0).has_error());
        return saved.at(0) ? saved.at(0)->msg : message{};
    }
    std::vector<std::string> found(const user& u, std::string q, id_t room = 0) {
        auto r = this->db->log().search({u.id, std::move(q), room, INT64_MAX, 20});
        EXPECT_FALSE(r.has_error());
        std::vector<std::string> out;
        if (r)
            for (const auto& h : r->hits) out.push_back(h.msg.text);
        return out;
    }
    using texts = std::vector<std::string>;

    user alice, bob;
    store::room shared, secret;
};
TYPED_TEST_SUITE(MessageSearchContract, backends, backend_names);

TYPED_TEST(MessageSearchContract, FindsWordsInAnyScriptNewestFirst) {
    this->post(this->shared, this->alice, "Meeting moved to Tuesday");
    this->post(this->shared, this->bob, "Привет, встреча во вторник");
    this->post(this->shared, this->alice, "我们明天开会吧");
    this->post(this->shared, this->bob, "東京都に住んでいます");
    this->post(this->shared, this->alice, "the meeting notes are up");
    using texts = typename TestFixture::texts;
    EXPECT_EQ(this->found(this->bob, "meeting"),
              (texts{"the meeting notes are up", "Meeting moved to Tuesday"}))
        << "newest first, any case";
    EXPECT_EQ(this->found(this->bob, "встреча"), texts{"Привет, встреча во вторник"});
    EXPECT_EQ(this->found(this->bob, "明天开会"), texts{"我们明天开会吧"}) << "no spaces needed";
    EXPECT_EQ(this->found(this->bob, "京都に住"), texts{"東京都に住んでいます"});
    EXPECT_EQ(this->found(this->bob, "開会"), texts{}) << "two characters, not in any text";
    EXPECT_EQ(this->found(this->bob, "会吧"), texts{"我们明天开会吧"}) << "two characters: a scan";
    EXPECT_EQ(this->found(this->bob, "x"), texts{});
}

TYPED_TEST(MessageSearchContract, OnlyTheCallersRoomsAndOnlyMessagesAsTheyAreNow) {
    using texts = typename TestFixture::texts;
    this->post(this->secret, this->alice, "the secret plan");
    auto m = this->post(this->shared, this->alice, "a plan draft");
    this->post(this->shared, this->alice, "gone plan");
    EXPECT_EQ(this->found(this->bob, "plan"), (texts{"gone plan", "a plan draft"}))
        << "never a room the caller is not in";
    EXPECT_EQ(this->found(this->alice, "plan", this->secret.id), texts{"the secret plan"});

    new_message edit{this->shared.id, this->alice.id, "alice", "a final version", 20, std::nullopt};
    edit.kind = event_kind::edit;
    edit.target_id = m.id;
    ASSERT_FALSE(this->save({edit}).at(0).has_error());
    auto gone = this->found(this->bob, "gone");
    ASSERT_EQ(gone.size(), 1u);
    auto del_target = this->db->log().search({this->bob.id, "gone", 0, INT64_MAX, 20});
    new_message del{this->shared.id, this->alice.id, "alice", "", 30, std::nullopt};
    del.kind = event_kind::deletion;
    del.target_id = del_target->hits.at(0).msg.id;
    ASSERT_FALSE(this->save({del}).at(0).has_error());

    EXPECT_EQ(this->found(this->bob, "plan"), texts{}) << "edited away and deleted";
    EXPECT_EQ(this->found(this->bob, "final version"), texts{"a final version"});
    EXPECT_EQ(this->found(this->bob, "gone"), texts{});
}

TYPED_TEST(MessageSearchContract, PagesByIdAndTreatsQueryCharactersLiterally) {
    for (int i = 0; i < 5; ++i)
        this->post(this->shared, this->alice, "50% off, item_" + std::to_string(i));
    this->post(this->shared, this->alice, "500 offers");
    auto first = this->db->log().search({this->bob.id, "% off", 0, INT64_MAX, 3});
    ASSERT_FALSE(first.has_error());
    ASSERT_EQ(first->hits.size(), 3u);
    EXPECT_TRUE(first->has_more);
    EXPECT_EQ(first->hits[0].msg.text, "50% off, item_4");
    EXPECT_EQ(first->hits[0].room_name, "shared");
    auto rest = this->db->log().search({this->bob.id, "% off", 0, first->hits.back().msg.id, 3});
    ASSERT_FALSE(rest.has_error());
    ASSERT_EQ(rest->hits.size(), 2u);
    EXPECT_FALSE(rest->has_more);
    EXPECT_EQ(this->found(this->bob, "m_1").size(), 1u) << "'_' is no wildcard";
    EXPECT_EQ(this->found(this->bob, "\"quoted\"").size(), 0u);
}

}  // namespace
}  // namespace parley::store::contract

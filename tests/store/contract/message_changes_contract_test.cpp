// The contract of the message log's changes (edits, deletions, reactions), replies and mentions,
// for every backend.
#include "config.hpp"
#include "store/contract/backends.hpp"

namespace parley::store::contract {
namespace {

using from = page_request::from;

template <class B>
class MessageChangesContract : public store_fixture<B> {
  protected:
    void SetUp() override {
        store_fixture<B>::SetUp();
        owner = this->make_user("owner");
        bob = this->make_user("bob");
        carol = this->make_user("carol");
        room = this->make_room(owner, "g");
        for (const auto& u : {bob, carol})
            ASSERT_FALSE(
                this->db->rooms().add_member(room.id, u.id, member_role::member, 1).has_error());
    }
    new_message msg(const user& u, std::string text) {
        return {room.id, u.id, u.username, std::move(text), 10, std::nullopt};
    }
    new_message change(const user& u, event_kind kind, id_t target, std::string text = {},
                       bool on = true) {
        new_message m{room.id, u.id, u.username, std::move(text), 20, std::nullopt};
        m.kind = kind;
        m.target_id = target;
        m.reaction_on = on;
        return m;
    }
    result<saved_message> save_one(new_message m) { return std::move(this->save({m}).at(0)); }
    message posted(const user& u, std::string text) {
        auto s = save_one(msg(u, std::move(text)));
        EXPECT_FALSE(s.has_error());
        return s ? s->msg : message{};
    }
    page read(from where, std::int64_t bound, int limit = 100) {
        auto p = this->db->log().read(room.id, {where, bound, limit});
        EXPECT_FALSE(p.has_error());
        return p ? *p : page{};
    }

    user owner, bob, carol;
    store::room room;
};
TYPED_TEST_SUITE(MessageChangesContract, backends, backend_names);

TYPED_TEST(MessageChangesContract, AnEditIsTheRoomsNextEventAndChangesTheMessage) {
    auto m = this->posted(this->bob, "helo");
    auto edit = this->save_one(this->change(this->bob, event_kind::edit, m.id, "hello"));
    ASSERT_FALSE(edit.has_error());
    EXPECT_FALSE(edit->duplicate);
    EXPECT_EQ(edit->msg.seq, 2);
    EXPECT_EQ(edit->msg.kind, event_kind::edit);
    EXPECT_EQ(edit->msg.target_id, m.id);
    EXPECT_EQ(edit->msg.edited_at, 20);

    auto newest = this->read(from::newest, 0);
    ASSERT_EQ(newest.messages.size(), 1u) << "pages hold messages, not changes";
    EXPECT_EQ(newest.messages[0].text, "hello");
    EXPECT_EQ(newest.messages[0].edited_at, 20);
    EXPECT_EQ(newest.last_seq, 2);

    auto catch_up = this->read(from::after_seq, 0);
    ASSERT_EQ(catch_up.messages.size(), 2u) << "a catch-up replays the changes";
    EXPECT_EQ(catch_up.messages[1].kind, event_kind::edit);
    EXPECT_EQ(catch_up.messages[1].text, "hello");
    EXPECT_EQ(catch_up.messages[1].seq, 2);
}

TYPED_TEST(MessageChangesContract, OnlyTheAuthorEditsAndTheOwnerMayAlsoDelete) {
    auto m = this->posted(this->bob, "mine");
    auto by_carol = this->save_one(this->change(this->carol, event_kind::edit, m.id, "hers"));
    ASSERT_TRUE(by_carol.has_error());
    EXPECT_EQ(by_carol.error(), errc::forbidden);
    auto by_owner = this->save_one(this->change(this->owner, event_kind::edit, m.id, "owned"));
    EXPECT_EQ(by_owner.error(), errc::forbidden) << "owners delete others' messages, never edit";
    auto carol_deletes = this->save_one(this->change(this->carol, event_kind::deletion, m.id));
    EXPECT_EQ(carol_deletes.error(), errc::forbidden);

    auto owner_deletes = this->save_one(this->change(this->owner, event_kind::deletion, m.id));
    ASSERT_FALSE(owner_deletes.has_error());
    EXPECT_EQ(owner_deletes->msg.seq, 2) << "refused changes take no seq";
    auto page = this->read(from::newest, 0);
    ASSERT_EQ(page.messages.size(), 1u);
    EXPECT_TRUE(page.messages[0].deleted);
    EXPECT_EQ(page.messages[0].text, "") << "a deleted message keeps no text";
}

TYPED_TEST(MessageChangesContract, ChangesToMissingOrForeignMessagesAreNotFound) {
    auto m = this->posted(this->bob, "here");
    auto elsewhere = this->make_room(this->bob, "elsewhere");
    auto there = this->msg(this->bob, "there");
    there.room_id = elsewhere.id;
    auto other = this->save_one(there);
    ASSERT_FALSE(other.has_error());
    for (id_t target : {id_t{999999}, other->msg.id}) {
        auto r = this->save_one(this->change(this->bob, event_kind::edit, target, "x"));
        EXPECT_EQ(r.error(), errc::not_found);
    }
    auto edit = this->save_one(this->change(this->bob, event_kind::edit, m.id, "x"));
    ASSERT_FALSE(edit.has_error());
    // A change is no message: it cannot be changed itself.
    auto again = this->save_one(this->change(this->bob, event_kind::edit, edit->msg.id, "y"));
    EXPECT_EQ(again.error(), errc::not_found);
    // A deleted message can be neither edited nor reacted to.
    ASSERT_FALSE(this->save_one(this->change(this->bob, event_kind::deletion, m.id)).has_error());
    EXPECT_EQ(this->save_one(this->change(this->bob, event_kind::edit, m.id, "z")).error(),
              errc::not_found);
    EXPECT_EQ(this->save_one(this->change(this->carol, event_kind::reaction, m.id, "👍")).error(),
              errc::not_found);
}

TYPED_TEST(MessageChangesContract, ChangesThatChangeNothingStoreNothing) {
    auto m = this->posted(this->bob, "same");
    auto edit = this->save_one(this->change(this->bob, event_kind::edit, m.id, "same"));
    ASSERT_FALSE(edit.has_error());
    EXPECT_TRUE(edit->duplicate);
    EXPECT_EQ(edit->msg.seq, 0);

    auto on = this->save_one(this->change(this->carol, event_kind::reaction, m.id, "👍"));
    ASSERT_FALSE(on.has_error());
    EXPECT_FALSE(on->duplicate);
    auto again = this->save_one(this->change(this->carol, event_kind::reaction, m.id, "👍"));
    ASSERT_FALSE(again.has_error());
    EXPECT_TRUE(again->duplicate) << "a retried reaction is stored once";
    auto off = this->save_one(this->change(this->bob, event_kind::reaction, m.id, "👍", false));
    ASSERT_FALSE(off.has_error());
    EXPECT_TRUE(off->duplicate) << "bob never reacted";

    ASSERT_FALSE(this->save_one(this->change(this->bob, event_kind::deletion, m.id)).has_error());
    auto twice = this->save_one(this->change(this->bob, event_kind::deletion, m.id));
    ASSERT_FALSE(twice.has_error());
    EXPECT_TRUE(twice->duplicate);
    EXPECT_EQ(this->read(from::newest, 0).last_seq, 3) << "message, reaction, deletion";
}

TYPED_TEST(MessageChangesContract, ARetriedChangeWithItsClientMsgIdAnswersTheOriginal) {
    auto m = this->posted(this->bob, "v1");
    auto edit = this->change(this->bob, event_kind::edit, m.id, "v2");
    edit.client_msg_id = "e-1";
    auto first = this->save_one(edit);
    ASSERT_FALSE(first.has_error());
    auto later = this->change(this->bob, event_kind::edit, m.id, "v3");
    ASSERT_FALSE(this->save_one(later).has_error());
    auto retry = this->save_one(edit);
    ASSERT_FALSE(retry.has_error());
    EXPECT_TRUE(retry->duplicate);
    EXPECT_EQ(retry->msg.seq, first->msg.seq);
    EXPECT_EQ(this->read(from::newest, 0).messages.at(0).text, "v3")
        << "a retry must not undo a later edit";
}

TYPED_TEST(MessageChangesContract, AnImmediateRetryOfAChangeAnswersTheOriginalChange) {
    auto m = this->posted(this->bob, "v1");
    auto edit = this->change(this->bob, event_kind::edit, m.id, "v2");
    edit.client_msg_id = "e-2";
    auto react = this->change(this->carol, event_kind::reaction, m.id, "👍");
    react.client_msg_id = "r-1";
    for (const auto& change : {edit, react}) {
        auto first = this->save_one(change);
        ASSERT_FALSE(first.has_error());
        ASSERT_GT(first->msg.seq, 0);
        // Its effect is there already, so the retry changes nothing: it is still answered as
        // the change that was stored, with its seq, not as "unchanged".
        auto retry = this->save_one(change);
        ASSERT_FALSE(retry.has_error());
        EXPECT_TRUE(retry->duplicate);
        EXPECT_EQ(retry->msg.seq, first->msg.seq);
        EXPECT_EQ(retry->msg.kind, change.kind);
    }
    EXPECT_EQ(this->read(from::newest, 0).last_seq, 3) << "message, edit, reaction";
}

TYPED_TEST(MessageChangesContract, AClientMsgIdReusedForAnotherRequestIsAConflict) {
    auto m = this->posted(this->bob, "v1");
    auto edit = this->change(this->bob, event_kind::edit, m.id, "v2");
    edit.client_msg_id = "e-1";
    ASSERT_FALSE(this->save_one(edit).has_error());
    auto other_edit = this->change(this->bob, event_kind::edit, m.id, "v3");
    other_edit.client_msg_id = "e-1";
    EXPECT_EQ(this->save_one(other_edit).error(), errc::conflict) << "another text";
    auto react = this->change(this->bob, event_kind::reaction, m.id, "👍");
    react.client_msg_id = "e-1";
    EXPECT_EQ(this->save_one(react).error(), errc::conflict) << "another kind";
    auto first_react = this->change(this->carol, event_kind::reaction, m.id, "👍");
    first_react.client_msg_id = "r-1";
    ASSERT_FALSE(this->save_one(first_react).has_error());
    for (auto [emoji, on] : {std::pair{"🎉", true}, std::pair{"👍", false}}) {
        auto other = this->change(this->carol, event_kind::reaction, m.id, emoji, on);
        other.client_msg_id = "r-1";
        EXPECT_EQ(this->save_one(other).error(), errc::conflict) << emoji << on;
    }
    auto text = this->read(from::newest, 0);
    ASSERT_EQ(text.messages.size(), 1u);
    EXPECT_EQ(text.messages[0].text, "v2") << "nothing of the refused requests was stored";
    EXPECT_EQ(text.last_seq, 3) << "message, edit, reaction";
}

TYPED_TEST(MessageChangesContract, ReactionsAreCountedPerEmojiWithTheirUsers) {
    auto m = this->posted(this->bob, "party");
    auto a = this->save_one(this->change(this->carol, event_kind::reaction, m.id, "🎉"));
    auto b = this->save_one(this->change(this->owner, event_kind::reaction, m.id, "🎉"));
    auto c = this->save_one(this->change(this->owner, event_kind::reaction, m.id, "👍🏽"));
    for (auto* r : {&a, &b, &c}) ASSERT_FALSE(r->has_error());
    EXPECT_EQ(a->msg.reaction_count, 1);
    EXPECT_EQ(b->msg.reaction_count, 2);
    EXPECT_TRUE(b->msg.reaction_on);
    auto off = this->save_one(this->change(this->carol, event_kind::reaction, m.id, "🎉", false));
    ASSERT_FALSE(off.has_error());
    EXPECT_EQ(off->msg.reaction_count, 1);
    EXPECT_FALSE(off->msg.reaction_on);

    auto page = this->read(from::newest, 0);
    ASSERT_EQ(page.messages.size(), 1u);
    const auto& reactions = page.messages[0].reactions;
    ASSERT_EQ(reactions.size(), 2u);
    EXPECT_EQ(reactions[0].emoji, "🎉");
    EXPECT_EQ(reactions[0].users, std::vector<id_t>{this->owner.id});
    EXPECT_EQ(reactions[1].emoji, "👍🏽");
    // The catch-up replays each reaction with the count after it.
    auto catch_up = this->read(from::after_seq, 1);
    ASSERT_EQ(catch_up.messages.size(), 4u);
    EXPECT_EQ(catch_up.messages[3].kind, event_kind::reaction);
    EXPECT_EQ(catch_up.messages[3].reaction_count, 1);
    EXPECT_EQ(catch_up.messages[3].sender, "carol");
}

TYPED_TEST(MessageChangesContract, AMessageCarriesAtMostTheCapOfDifferentEmoji) {
    auto m = this->posted(this->bob, "so many");
    const char* emoji[] = {"😀", "😁", "😂", "🤣", "😃", "😄", "😅", "😆",    "😉",    "😊",   "😋",
                           "😎", "😍", "😘", "🥰", "😗", "😙", "😚", "🙂", "🤗", "🤩"};
    static_assert(std::size(emoji) == parley::limits::reactions_per_message_max + 1);
    std::vector<new_message> batch;
    for (const char* e : emoji)
        batch.push_back(this->change(this->carol, event_kind::reaction, m.id, e));
    auto saved = this->save(batch);
    for (std::size_t i = 0; i + 1 < saved.size(); ++i) EXPECT_FALSE(saved[i].has_error()) << i;
    EXPECT_EQ(saved.back().error(), errc::invalid_argument);
    // An emoji already there can still be added to.
    EXPECT_FALSE(
        this->save_one(this->change(this->bob, event_kind::reaction, m.id, "😀")).has_error());
}

TYPED_TEST(MessageChangesContract, RepliesQuoteTheirOriginal) {
    auto q = this->posted(this->bob, std::string(300, 'q'));
    auto reply = this->msg(this->carol, "answer");
    reply.reply_to = q.id;
    auto saved = this->save_one(reply);
    ASSERT_FALSE(saved.has_error());
    ASSERT_TRUE(saved->msg.reply);
    EXPECT_EQ(saved->msg.reply->id, q.id);
    EXPECT_EQ(saved->msg.reply->sender, "bob");
    EXPECT_EQ(saved->msg.reply->text, std::string(parley::limits::reply_quote_chars, 'q'));

    ASSERT_FALSE(this->save_one(this->change(this->bob, event_kind::deletion, q.id)).has_error());
    auto page = this->read(from::newest, 0);
    ASSERT_EQ(page.messages.size(), 2u);
    ASSERT_TRUE(page.messages[1].reply);
    EXPECT_TRUE(page.messages[1].reply->deleted) << "the quote follows its original";
    EXPECT_EQ(page.messages[1].reply->text, "");

    auto bad = this->msg(this->carol, "to nothing");
    bad.reply_to = 999999;
    EXPECT_EQ(this->save_one(bad).error(), errc::not_found);
}

TYPED_TEST(MessageChangesContract, MentionsOfMembersCountUntilRead) {
    auto stranger = this->make_user("stranger");
    this->posted(this->bob, "@Carol look, and @stranger and @bob and mail@carol");
    this->posted(this->bob, "again @carol");
    auto rooms = this->db->rooms().my_rooms(this->carol.id, 1000);
    ASSERT_FALSE(rooms.has_error());
    ASSERT_EQ(rooms->size(), 1u);
    EXPECT_EQ((*rooms)[0].unread, 2);
    EXPECT_EQ((*rooms)[0].mentions, 2);
    auto bobs = this->db->rooms().my_rooms(this->bob.id, 1000);
    EXPECT_EQ((*bobs)[0].mentions, 0) << "mentioning yourself is no mention";

    ASSERT_FALSE(this->db->rooms().mark_read(this->room.id, this->carol.id, 1).has_error());
    rooms = this->db->rooms().my_rooms(this->carol.id, 1000);
    EXPECT_EQ((*rooms)[0].mentions, 1);
    (void)stranger;
}

TYPED_TEST(MessageChangesContract, ChangesAreNeitherUnreadNorTheLastMessage) {
    auto m = this->posted(this->bob, "first");
    ASSERT_FALSE(
        this->save_one(this->change(this->bob, event_kind::edit, m.id, "edited")).has_error());
    ASSERT_FALSE(
        this->save_one(this->change(this->bob, event_kind::reaction, m.id, "👍")).has_error());
    auto rooms = this->db->rooms().my_rooms(this->carol.id, 1000);
    ASSERT_FALSE(rooms.has_error());
    EXPECT_EQ((*rooms)[0].unread, 1);
    ASSERT_TRUE((*rooms)[0].last_message);
    EXPECT_EQ((*rooms)[0].last_message->text, "edited");
    EXPECT_EQ((*rooms)[0].last_message->kind, event_kind::message);
}

TYPED_TEST(MessageChangesContract, AroundASeqReadsBothSidesOfIt) {
    std::vector<new_message> batch;
    for (int i = 1; i <= 20; ++i) batch.push_back(this->msg(this->bob, std::to_string(i)));
    this->save(batch);
    auto p = this->read(from::around_seq, 10, 6);
    std::vector<std::int64_t> seqs;
    for (const auto& m : p.messages) seqs.push_back(m.seq);
    EXPECT_EQ(seqs, (std::vector<std::int64_t>{8, 9, 10, 11, 12, 13}));
    EXPECT_TRUE(p.has_more);
    EXPECT_TRUE(p.has_newer);
    auto start = this->read(from::around_seq, 2, 6);
    seqs.clear();
    for (const auto& m : start.messages) seqs.push_back(m.seq);
    EXPECT_EQ(seqs, (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
    EXPECT_FALSE(start.has_more);
    EXPECT_TRUE(start.has_newer);
    auto end = this->read(from::around_seq, 19, 6);
    seqs.clear();
    for (const auto& m : end.messages) seqs.push_back(m.seq);
    EXPECT_EQ(seqs, (std::vector<std::int64_t>{17, 18, 19, 20}));
    EXPECT_TRUE(end.has_more);
    EXPECT_FALSE(end.has_newer);
}

TYPED_TEST(MessageChangesContract, CatchUpByRangesReplaysChangesToo) {
    auto m = this->posted(this->bob, "x");
    ASSERT_FALSE(this->save_one(this->change(this->bob, event_kind::deletion, m.id)).has_error());
    auto got = this->db->log().read_ranges({{this->room.id, 0, 2}});
    ASSERT_FALSE(got.has_error());
    ASSERT_EQ(got->size(), 2u);
    EXPECT_TRUE((*got)[0].deleted);
    EXPECT_EQ((*got)[1].kind, event_kind::deletion);
    EXPECT_EQ((*got)[1].target_id, m.id);
}

}  // namespace
}  // namespace parley::store::contract

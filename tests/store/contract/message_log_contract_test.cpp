// The contract of store::message_log, for every backend.
#include <algorithm>
#include <future>

#include "store/contract/backends.hpp"

namespace parley::store::contract {
namespace {

using from = page_request::from;

template <class B>
class MessageLogContract : public store_fixture<B> {
  protected:
    void SetUp() override {
        store_fixture<B>::SetUp();
        owner = this->make_user("owner");
        room = this->make_room(owner, "g");
    }
    new_message msg(std::string text, std::optional<std::string> client_id = std::nullopt) {
        return {room.id, owner.id, "owner", std::move(text), 1, std::move(client_id)};
    }
    std::vector<new_message> numbered(int count) {
        std::vector<new_message> out;
        for (int i = 1; i <= count; ++i) out.push_back(msg(std::to_string(i)));
        return out;
    }
    page read(from where, std::int64_t bound, int limit) {
        auto p = this->db->log().read(room.id, {where, bound, limit});
        EXPECT_FALSE(p.has_error());
        return p ? *p : page{};
    }

    user owner;
    store::room room;
};
TYPED_TEST_SUITE(MessageLogContract, backends, backend_names);

TYPED_TEST(MessageLogContract, AppendsComeBackInOrderWithConsecutiveSeqs) {
    auto saved = this->save(this->numbered(5));
    for (int i = 0; i < 5; ++i) {
        ASSERT_FALSE(saved[i].has_error());
        EXPECT_EQ(saved[i]->msg.text, std::to_string(i + 1));
        EXPECT_EQ(saved[i]->msg.seq, i + 1);
        EXPECT_FALSE(saved[i]->duplicate);
        EXPECT_GT(saved[i]->msg.id, 0);
    }
}

TYPED_TEST(MessageLogContract, LastSeqsOfManyRoomsComeFromOneQuery) {
    this->save(this->numbered(3));
    auto quiet = this->make_room(this->owner, "quiet");
    auto last = this->db->log().last_seqs({this->room.id, quiet.id, 999999});
    ASSERT_FALSE(last.has_error());
    std::sort(last->begin(), last->end());
    EXPECT_EQ(*last,
              (std::vector<std::pair<id_t, std::int64_t>>{{this->room.id, 3}, {quiet.id, 0}}))
        << "a missing room must be left out";
    auto none = this->db->log().last_seqs({});
    ASSERT_FALSE(none.has_error());
    EXPECT_TRUE(none->empty());
}

TYPED_TEST(MessageLogContract, RangesOfManyRoomsComeFromOneReadInRoomAndSeqOrder) {
    this->save(this->numbered(6));
    auto other = this->make_room(this->owner, "other");
    auto in_other = this->msg("x");
    in_other.room_id = other.id;
    this->save({in_other, in_other, in_other});
    // Given out of room order, one range empty, one of a missing room.
    auto got = this->db->log().read_ranges(
        {{other.id, 1, 3}, {this->room.id, 2, 4}, {this->room.id, 6, 6}, {999999, 0, 5}});
    ASSERT_FALSE(got.has_error());
    std::vector<std::pair<id_t, std::int64_t>> seen;
    for (const auto& m : *got) seen.emplace_back(m.room_id, m.seq);
    const auto [first, second] = std::minmax(this->room.id, other.id);
    const auto [first_seqs, second_seqs] =
        first == this->room.id
            ? std::pair{std::vector<std::int64_t>{3, 4}, std::vector<std::int64_t>{2, 3}}
            : std::pair{std::vector<std::int64_t>{2, 3}, std::vector<std::int64_t>{3, 4}};
    std::vector<std::pair<id_t, std::int64_t>> expected;
    for (auto seq : first_seqs) expected.emplace_back(first, seq);
    for (auto seq : second_seqs) expected.emplace_back(second, seq);
    EXPECT_EQ(seen, expected);
    EXPECT_EQ((*got)[0].sender, "owner");
    auto none = this->db->log().read_ranges({});
    ASSERT_FALSE(none.has_error());
    EXPECT_TRUE(none->empty());
}

TYPED_TEST(MessageLogContract, AMessageIsReadableWhenItsCompletionRuns) {
    std::promise<std::size_t> seen;
    this->db->log().append(this->msg("hello"), [&](result<saved_message>) {
        auto p = this->db->log().read(this->room.id, {from::newest, 0, 10});
        seen.set_value(p ? p->messages.size() : 0);
    });
    EXPECT_EQ(seen.get_future().get(), 1u);
}

TYPED_TEST(MessageLogContract, OneBadMessageFailsAlone) {
    auto bad = this->msg("no room");
    bad.room_id = 987654;
    auto saved = this->save({this->msg("ok1"), bad, this->msg("ok2")});
    EXPECT_FALSE(saved[0].has_error());
    ASSERT_TRUE(saved[1].has_error());
    EXPECT_EQ(saved[1].error(), errc::invalid_argument);
    ASSERT_FALSE(saved[2].has_error());
    EXPECT_EQ(saved[2]->msg.seq, 2) << "a failed message must not leave a gap";
    EXPECT_EQ(this->read(from::newest, 0, 10).messages.size(), 2u);
}

TYPED_TEST(MessageLogContract, EachRoomCountsItsOwnSeq) {
    const auto other = this->make_room(this->owner, "other");
    auto elsewhere = this->msg("b");
    elsewhere.room_id = other.id;
    auto saved = this->save({this->msg("a"), elsewhere, this->msg("c")});
    EXPECT_EQ(saved[0]->msg.seq, 1);
    EXPECT_EQ(saved[1]->msg.seq, 1);
    EXPECT_EQ(saved[2]->msg.seq, 2);
    EXPECT_EQ(this->db->rooms().find_room(this->room.id)->last_seq, 2);
}

TYPED_TEST(MessageLogContract, AClientMsgIdReusedForAnotherTextIsAConflict) {
    ASSERT_FALSE(this->save({this->msg("hello", "c-1")})[0].has_error());
    // Alone, in a batch beside a new message, and twice within one batch.
    auto alone = this->save({this->msg("bye", "c-1")});
    EXPECT_EQ(alone[0].error(), errc::conflict);
    auto beside = this->save({this->msg("new", "c-2"), this->msg("bye", "c-1")});
    EXPECT_FALSE(beside[0].has_error());
    EXPECT_EQ(beside[1].error(), errc::conflict);
    auto within = this->save({this->msg("x", "c-3"), this->msg("y", "c-3")});
    EXPECT_FALSE(within[0].has_error());
    EXPECT_EQ(within[1].error(), errc::conflict);
    EXPECT_EQ(this->read(from::newest, 0, 10).messages.size(), 3u);
}

TYPED_TEST(MessageLogContract, ARetriedClientMsgIdIsStoredOnce) {
    auto first = this->save({this->msg("hello", "c-1")});
    auto retry = this->save({this->msg("hello", "c-1"), this->msg("hello", "c-1")});
    ASSERT_FALSE(first[0].has_error());
    EXPECT_FALSE(first[0]->duplicate);
    for (const auto& r : retry) {
        ASSERT_FALSE(r.has_error());
        EXPECT_TRUE(r->duplicate);
        EXPECT_EQ(r->msg.id, first[0]->msg.id);
        EXPECT_EQ(r->msg.seq, 1);
    }
    EXPECT_EQ(this->read(from::newest, 0, 10).messages.size(), 1u);
    // Another sender may use the same id.
    const auto kim = this->make_user("kim");
    auto theirs = this->save({{this->room.id, kim.id, "kim", "hi", 2, "c-1"}});
    EXPECT_FALSE(theirs[0]->duplicate);
    EXPECT_EQ(theirs[0]->msg.seq, 2);
    // So may the same sender in another room, in a batch of its own or beside the first room's
    // retry (the fast path and the one-by-one path alike).
    auto other = this->make_room(this->owner, "other");
    new_message elsewhere{other.id, this->owner.id, "owner", "elsewhere", 3, "c-1"};
    auto there = this->save({elsewhere});
    ASSERT_FALSE(there[0].has_error());
    EXPECT_FALSE(there[0]->duplicate) << "a clientMsgId is scoped to its room";
    EXPECT_EQ(there[0]->msg.room_id, other.id);
    EXPECT_EQ(there[0]->msg.seq, 1);
    auto again = this->save({this->msg("hello", "c-1"), elsewhere});
    EXPECT_TRUE(again[0]->duplicate);
    EXPECT_EQ(again[0]->msg.id, first[0]->msg.id);
    EXPECT_TRUE(again[1]->duplicate);
    EXPECT_EQ(again[1]->msg.id, there[0]->msg.id);
}

TYPED_TEST(MessageLogContract, NewestPageIsTheNewestOldestFirst) {
    this->save(this->numbered(150));
    auto p = this->read(from::newest, 0, 100);
    ASSERT_EQ(p.messages.size(), 100u);
    EXPECT_EQ(p.messages.front().text, "51");
    EXPECT_EQ(p.messages.back().text, "150");
    EXPECT_EQ(p.messages.back().sender, "owner");
    EXPECT_TRUE(p.has_more);
    EXPECT_EQ(p.last_seq, 150);
}

TYPED_TEST(MessageLogContract, PagesBySeqInBothDirections) {
    this->save(this->numbered(30));
    auto after = this->read(from::after_seq, 10, 5);
    ASSERT_EQ(after.messages.size(), 5u);
    EXPECT_EQ(after.messages.front().seq, 11);
    EXPECT_EQ(after.messages.back().seq, 15);
    EXPECT_TRUE(after.has_more);
    auto before = this->read(from::before_seq, 10, 5);
    ASSERT_EQ(before.messages.size(), 5u);
    EXPECT_EQ(before.messages.front().seq, 5);
    EXPECT_EQ(before.messages.back().seq, 9);
    EXPECT_TRUE(before.has_more);
    auto end = this->read(from::after_seq, 25, 5);
    EXPECT_EQ(end.messages.size(), 5u);
    EXPECT_FALSE(end.has_more);
    EXPECT_TRUE(this->read(from::after_seq, 30, 5).messages.empty());
    auto by_id = this->read(from::before_id, after.messages.front().id, 3);
    ASSERT_EQ(by_id.messages.size(), 3u);
    EXPECT_EQ(by_id.messages.back().seq, 10);
}

TYPED_TEST(MessageLogContract, ReadingAMissingRoomIsNotFound) {
    EXPECT_EQ(this->db->log().read(987654, {}).error(), errc::not_found);
    auto empty = this->read(from::newest, 0, 10);
    EXPECT_TRUE(empty.messages.empty());
    EXPECT_EQ(empty.last_seq, 0);
}

TYPED_TEST(MessageLogContract, ABurstWaitingForTheWriterIsCommittedTogether) {
    // Appends made while the log is busy (here: inside a completion, which runs on the log's
    // own thread before it looks for more work) all go into the next group commit.
    std::vector<std::promise<void>> done(201);
    this->db->log().append(this->msg("first"), [&](result<saved_message>) {
        for (int i = 1; i <= 200; ++i)
            this->db->log().append(this->msg("m"),
                                   [&, i](result<saved_message>) { done[i].set_value(); });
        done[0].set_value();
    });
    for (auto& d : done) d.get_future().wait();
    const auto stats = this->db->log().stats();
    EXPECT_EQ(stats.appended, 201u);
    EXPECT_EQ(stats.commits, 2u);
}

TYPED_TEST(MessageLogContract, AppendManyIsStoredInOrderInOneCommit) {
    std::vector<message_log::append_request> batch;
    std::vector<std::promise<std::int64_t>> seqs(50);
    for (int i = 0; i < 50; ++i)
        batch.push_back({this->msg("m" + std::to_string(i)), [&, i](result<saved_message> r) {
                             seqs[i].set_value(r ? r->msg.seq : -1);
                         }});
    this->db->log().append_many(std::move(batch));
    for (int i = 0; i < 50; ++i) EXPECT_EQ(seqs[i].get_future().get(), i + 1);
    const auto stats = this->db->log().stats();
    EXPECT_EQ(stats.appended, 50u);
    EXPECT_EQ(stats.commits, 1u);
}

TYPED_TEST(MessageLogContract, CloseWritesWhatWasAppendedAndRefusesMore) {
    std::vector<std::promise<bool>> done(50);
    for (int i = 0; i < 50; ++i)
        this->db->log().append(
            this->msg("m"), [&, i](result<saved_message> r) { done[i].set_value(!r.has_error()); });
    this->db->log().close();
    for (auto& d : done) EXPECT_TRUE(d.get_future().get());
    std::promise<errc> late;
    this->db->log().append(this->msg("late"), [&](result<saved_message> r) {
        late.set_value(r ? errc{} : static_cast<errc>(r.error().value()));
    });
    EXPECT_EQ(late.get_future().get(), errc::unavailable);
    EXPECT_EQ(this->read(from::newest, 0, 100).messages.size(), 50u);
}

}  // namespace
}  // namespace parley::store::contract

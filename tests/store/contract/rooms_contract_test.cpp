// The contract of store::rooms, for every backend.
#include <future>
#include <thread>

#include "store/contract/backends.hpp"

namespace parley::store::contract {
namespace {

template <class B>
class RoomsContract : public store_fixture<B> {};
TYPED_TEST_SUITE(RoomsContract, backends, backend_names);

TYPED_TEST(RoomsContract, PingReachesTheDatabase) {
    EXPECT_FALSE(this->db->rooms().ping().has_error());
}

TYPED_TEST(RoomsContract, CreatorOwnsNewRoom) {
    auto& r = this->db->rooms();
    const auto u = this->make_user("erin");
    const auto g = this->make_room(u, "room");
    EXPECT_EQ(g.name, "room");
    EXPECT_EQ(r.find_room(g.id)->created_by, u.id);
    auto m = r.members(g.id);
    ASSERT_EQ(m->size(), 1u);
    EXPECT_EQ((*m)[0].role, member_role::owner);
    EXPECT_EQ(*r.member_role(g.id, u.id), member_role::owner);
    EXPECT_EQ(r.find_room(987654).error(), errc::not_found);
}

TYPED_TEST(RoomsContract, ABlockedRoomCannotGainTheUserBackUntilUnblocked) {
    auto& r = this->db->rooms();
    const auto a = this->make_user("amy");
    const auto b = this->make_user("ben");
    const auto g = this->make_room(a, "secret", true);
    ASSERT_FALSE(r.add_member(g.id, b.id, member_role::member, 2).has_error());
    EXPECT_TRUE(*r.block_room(g.id, b.id, 3)) << "ben was a member";
    EXPECT_FALSE(r.member_role(g.id, b.id)->has_value());
    EXPECT_EQ(r.add_member(g.id, b.id, member_role::member, 4).error(), errc::forbidden);
    EXPECT_FALSE(r.member_role(g.id, b.id)->has_value());
    EXPECT_FALSE(*r.block_room(g.id, b.id, 5)) << "blocking again: not a member, still blocked";
    EXPECT_TRUE(*r.unblock_room(g.id, b.id));
    EXPECT_FALSE(*r.unblock_room(g.id, b.id));
    EXPECT_FALSE(r.add_member(g.id, b.id, member_role::member, 6).has_error());
    EXPECT_TRUE(r.member_role(g.id, b.id)->has_value());
    EXPECT_FALSE(r.add_member(g.id, a.id, member_role::member, 7).has_error())
        << "adding a member again still succeeds";
}

TYPED_TEST(RoomsContract, PrivateRoomsAreListedOnlyToMembers) {
    auto& r = this->db->rooms();
    const auto a = this->make_user("amy");
    const auto b = this->make_user("ben");
    const auto pub = this->make_room(a, "public");
    const auto priv = this->make_room(a, "secret", true);
    EXPECT_EQ(r.room_summaries(a.id, "", 0, 100)->size(), 2u);
    auto seen = r.room_summaries(b.id, "", 0, 100);
    ASSERT_EQ(seen->size(), 1u);
    EXPECT_EQ((*seen)[0].info.id, pub.id);
    ASSERT_FALSE(r.add_member(priv.id, b.id, member_role::member, 3).has_error());
    EXPECT_EQ(r.room_summaries(b.id, "", 0, 100)->size(), 2u);
    EXPECT_EQ(r.room_summaries(b.id, "SEC", 0, 100)->size(), 1u);
}

TYPED_TEST(RoomsContract, SummariesComeInPagesAfterAnId) {
    auto& r = this->db->rooms();
    const auto a = this->make_user("amy");
    std::vector<id_t> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(this->make_room(a, "g" + std::to_string(i)).id);
    auto first = r.room_summaries(a.id, "", 0, 2);
    ASSERT_EQ(first->size(), 2u);
    EXPECT_EQ((*first)[1].info.id, ids[1]);
    auto next = r.room_summaries(a.id, "", ids[1], 2);
    ASSERT_EQ(next->size(), 2u);
    EXPECT_EQ((*next)[0].info.id, ids[2]);
    EXPECT_EQ(r.room_summaries(a.id, "", ids[4], 2)->size(), 0u);
}

TYPED_TEST(RoomsContract, MembershipChangesAreIdempotent) {
    auto& r = this->db->rooms();
    const auto a = this->make_user("amy");
    const auto b = this->make_user("ben");
    const auto g = this->make_room(a, "g");
    EXPECT_FALSE(r.add_member(g.id, b.id, member_role::member, 2).has_error());
    EXPECT_FALSE(r.add_member(g.id, b.id, member_role::member, 3).has_error());
    EXPECT_EQ(r.members(g.id)->size(), 2u);
    EXPECT_TRUE(*r.remove_member(g.id, b.id));
    EXPECT_FALSE(*r.remove_member(g.id, b.id));
    EXPECT_FALSE(r.member_role(g.id, b.id)->has_value());
}

TYPED_TEST(RoomsContract, TopicsAreSetClearedAndReadWithTheRoom) {
    auto& r = this->db->rooms();
    const auto u = this->make_user("tess");
    const auto g = this->make_room(u, "room");
    EXPECT_EQ(g.topic, "");
    auto set = r.set_topic(g.id, "Plans for Friday 🎉");
    ASSERT_FALSE(set.has_error());
    EXPECT_EQ(set->topic, "Plans for Friday 🎉");
    EXPECT_EQ(set->name, "room");
    EXPECT_EQ(r.find_room(g.id)->topic, "Plans for Friday 🎉");
    EXPECT_EQ(r.rename_room(g.id, "renamed")->topic, "Plans for Friday 🎉");
    EXPECT_EQ((*r.my_rooms(u.id, 10))[0].room.topic, "Plans for Friday 🎉");
    EXPECT_EQ(r.set_topic(g.id, "")->topic, "");
    EXPECT_EQ(r.set_topic(987654, "x").error(), errc::not_found);
}

TYPED_TEST(RoomsContract, RenameAndDelete) {
    auto& r = this->db->rooms();
    const auto a = this->make_user("amy");
    const auto g = this->make_room(a, "old");
    EXPECT_EQ(r.rename_room(g.id, "new")->name, "new");
    ASSERT_FALSE(r.delete_room(g.id).has_error());
    EXPECT_EQ(r.find_room(g.id).error(), errc::not_found);
    EXPECT_EQ(r.delete_room(g.id).error(), errc::not_found);
    EXPECT_TRUE(r.members(g.id)->empty());
}

TYPED_TEST(RoomsContract, ADirectRoomIsOnePerPairWhoeverAsks) {
    auto& r = this->db->rooms();
    const auto a = this->make_user("amy");
    const auto b = this->make_user("ben");
    bool created_a = false, created_b = false;
    auto first = r.direct_room(a.id, b.id, 1, created_a);
    auto second = r.direct_room(b.id, a.id, 2, created_b);
    ASSERT_FALSE(first.has_error());
    EXPECT_TRUE(created_a);
    EXPECT_FALSE(created_b);
    EXPECT_EQ(first->id, second->id);
    EXPECT_EQ(first->kind, room_kind::direct);
    auto listed = r.direct_rooms(b.id);
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0].other.username, "amy");
    EXPECT_FALSE((*listed)[0].last_message.has_value());
}

TYPED_TEST(RoomsContract, ConcurrentDirectRoomRequestsAgree) {
    auto& r = this->db->rooms();
    const auto a = this->make_user("amy");
    const auto b = this->make_user("ben");
    std::vector<std::future<id_t>> asks;
    for (int i = 0; i < 8; ++i)
        asks.push_back(std::async(std::launch::async, [&, i] {
            bool created = false;
            auto room = i % 2 ? r.direct_room(a.id, b.id, i, created)
                              : r.direct_room(b.id, a.id, i, created);
            return room ? room->id : id_t{-1};
        }));
    const id_t first = asks[0].get();
    EXPECT_GT(first, 0);
    for (std::size_t i = 1; i < asks.size(); ++i) EXPECT_EQ(asks[i].get(), first);
}

TYPED_TEST(RoomsContract, AllRoomsListsPrivateAndDirectOnesInPages) {
    auto& r = this->db->rooms();
    const auto a = this->make_user("olga");
    const auto b = this->make_user("pete");
    const auto pub = this->make_room(a, "open");
    const auto priv = this->make_room(a, "closed", true);
    bool created = false;
    const auto direct = r.direct_room(a.id, b.id, 3, created);
    ASSERT_FALSE(direct.has_error());
    auto all = r.all_rooms(0, 10);
    ASSERT_FALSE(all.has_error());
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].info.id, pub.id);
    EXPECT_EQ((*all)[1].info.id, priv.id);
    EXPECT_TRUE((*all)[1].info.is_private);
    EXPECT_EQ((*all)[2].info.kind, room_kind::direct);
    EXPECT_EQ((*all)[2].member_count, 2);
    auto page = r.all_rooms(pub.id, 1);
    ASSERT_EQ(page->size(), 1u);
    EXPECT_EQ((*page)[0].info.id, priv.id);
}

TYPED_TEST(RoomsContract, MyRoomsCountUnreadMessagesFromOthersAfterTheReadMarker) {
    auto& r = this->db->rooms();
    const auto a = this->make_user("quin");
    const auto b = this->make_user("rosa");
    const auto quiet = this->make_room(a, "quiet");
    const auto busy = this->make_room(a, "busy");
    ASSERT_FALSE(r.add_member(busy.id, b.id, member_role::member, 5).has_error());
    bool created = false;
    const auto direct = r.direct_room(a.id, b.id, 6, created);
    ASSERT_FALSE(direct.has_error());
    const auto other_room = this->make_room(b, "not quin's");
    std::vector<new_message> batch;
    for (int i = 0; i < 3; ++i)
        batch.push_back({busy.id, b.id, "rosa", "b" + std::to_string(i), 10});
    batch.push_back({busy.id, a.id, "quin", "mine", 11});  // one's own messages are never unread
    batch.push_back({direct->id, b.id, "rosa", "hi quin", 20});
    batch.push_back({other_room.id, b.id, "rosa", "elsewhere", 30});
    this->save(std::move(batch));

    auto mine = r.my_rooms(a.id, 1000);
    ASSERT_FALSE(mine.has_error());
    ASSERT_EQ(mine->size(), 3u);  // quin's rooms only, the newest activity first
    EXPECT_EQ((*mine)[0].room.id, direct->id);
    ASSERT_TRUE((*mine)[0].other);
    EXPECT_EQ((*mine)[0].other->username, "rosa");
    EXPECT_EQ((*mine)[0].unread, 1);
    ASSERT_TRUE((*mine)[0].last_message);
    EXPECT_EQ((*mine)[0].last_message->text, "hi quin");
    EXPECT_EQ((*mine)[1].room.id, busy.id);
    EXPECT_FALSE((*mine)[1].other);
    EXPECT_EQ((*mine)[1].room.last_seq, 4);
    EXPECT_EQ((*mine)[1].unread, 3);
    EXPECT_EQ((*mine)[1].last_read_seq, 0);
    EXPECT_EQ((*mine)[1].last_message->text, "mine");
    EXPECT_EQ((*mine)[2].room.id, quiet.id);
    EXPECT_EQ((*mine)[2].unread, 0);
    EXPECT_FALSE((*mine)[2].last_message);
    EXPECT_EQ(r.my_rooms(a.id, 2)->at(1).unread, 2) << "the count stops at the cap";

    // The marker moves forward only, and never past the room's last seq.
    EXPECT_EQ(*r.mark_read(busy.id, a.id, 2), 2);
    EXPECT_EQ(r.my_rooms(a.id, 1000)->at(1).unread, 1);
    EXPECT_EQ(*r.mark_read(busy.id, a.id, 1), 2);
    EXPECT_EQ(*r.mark_read(busy.id, a.id, 99), 4);
    EXPECT_EQ(r.my_rooms(a.id, 1000)->at(1).unread, 0);
    EXPECT_EQ(r.my_rooms(b.id, 1000)->size(), 3u) << "rosa's markers are her own";
    EXPECT_EQ(r.mark_read(other_room.id, a.id, 1).error(), errc::not_found);
    EXPECT_EQ(r.mark_read(987654, a.id, 1).error(), errc::not_found);

    auto ids = r.room_ids_of(a.id);
    ASSERT_FALSE(ids.has_error());
    EXPECT_EQ(*ids, (std::vector<id_t>{quiet.id, busy.id, direct->id}));
}

}  // namespace
}  // namespace parley::store::contract

#include "chat/room_registry.hpp"

#include <gtest/gtest.h>

#include "chat/fake_connection.hpp"

namespace parley::chat {
namespace {

/// `f` to every connection in `room` but `except`, the way the shard hands out room events.
std::size_t send_all(room_registry& rooms, id_t room, const frame& f,
                     const connection* except = nullptr) {
    std::size_t sent = 0;
    for (const auto& batch : rooms.by_home(room))
        sent += hand_out(*batch.recipients,
                         [&](const connection& c) { return &c == except ? nullptr : f; });
    return sent;
}

std::size_t joined_count(room_registry& rooms, id_t room) {
    std::size_t n = 0;
    for (const auto& batch : rooms.by_home(room)) n += batch.recipients->size();
    return n;
}

frame text(const char* s) { return std::make_shared<const std::string>(s); }

TEST(RoomRegistry, FirstConnectionOfAUserIsAPresenceChange) {
    room_registry rooms;
    auto a1 = std::make_shared<fake_connection>(1, "a");
    auto a2 = std::make_shared<fake_connection>(1, "a");
    EXPECT_TRUE(rooms.join(10, a1).first_for_user);
    auto second = rooms.join(10, a2);
    EXPECT_TRUE(second.added);
    EXPECT_FALSE(second.first_for_user);
    EXPECT_EQ(joined_count(rooms, 10), 2u);
}

TEST(RoomRegistry, JoiningTwiceIsIdempotent) {
    room_registry rooms;
    auto a = std::make_shared<fake_connection>(1, "a");
    rooms.join(10, a);
    auto again = rooms.join(10, a);
    EXPECT_FALSE(again.added);
    EXPECT_EQ(send_all(rooms, 10, text("x")), 1u);
}

TEST(RoomRegistry, LastConnectionLeavingIsAPresenceChange) {
    room_registry rooms;
    auto a1 = std::make_shared<fake_connection>(1, "a");
    auto a2 = std::make_shared<fake_connection>(1, "a");
    rooms.join(10, a1);
    rooms.join(10, a2);
    EXPECT_FALSE(rooms.leave(10, *a1).last_for_user);
    EXPECT_TRUE(rooms.leave(10, *a2).last_for_user);
    EXPECT_FALSE(rooms.leave(10, *a2).removed);
    EXPECT_EQ(rooms.room_count(), 0u);
}

TEST(RoomRegistry, ARoomEventReachesEveryConnectionButTheExcluded) {
    room_registry rooms;
    auto a = std::make_shared<fake_connection>(1, "a");
    auto b = std::make_shared<fake_connection>(2, "b");
    auto c = std::make_shared<fake_connection>(3, "c");
    rooms.join(10, a);
    rooms.join(10, b);
    rooms.join(11, c);
    EXPECT_EQ(send_all(rooms, 10, text("hello"), a.get()), 1u);
    EXPECT_TRUE(a->received.empty());
    EXPECT_EQ(b->received, std::vector<std::string>{"hello"});
    EXPECT_TRUE(c->received.empty());
}

TEST(RoomRegistry, RoomsOfListsEveryRoomOfAConnection) {
    room_registry rooms;
    auto a1 = std::make_shared<fake_connection>(1, "a");
    auto a2 = std::make_shared<fake_connection>(1, "a");
    rooms.join(10, a1);
    rooms.join(11, a1);
    rooms.join(11, a2);
    EXPECT_EQ(rooms.rooms_of(*a1), (std::vector<id_t>{10, 11}));
    EXPECT_TRUE(rooms.leave(10, *a1).last_for_user);
    EXPECT_FALSE(rooms.leave(11, *a1).last_for_user);  // the user stays present through a2
    EXPECT_TRUE(rooms.rooms_of(*a1).empty());
    EXPECT_FALSE(rooms.occupied(10));
    EXPECT_TRUE(rooms.occupied(11));
}

TEST(RoomRegistry, DeliverSkipsWhatAConnectionsSnapshotHeld) {
    room_registry rooms;
    auto early = std::make_shared<fake_connection>(1, "a");
    auto late = std::make_shared<fake_connection>(2, "b");
    rooms.join(10, early, 4);
    rooms.join(10, late, 6);  // its snapshot already held seq 5 and 6
    for (std::int64_t seq = 5; seq <= 7; ++seq) rooms.deliver(10, seq, text("m"));
    EXPECT_EQ(early->received.size(), 3u);
    EXPECT_EQ(late->received.size(), 1u);
}

TEST(RoomRegistry, OneConnectionMayBeInSeveralRooms) {
    room_registry rooms;
    auto a = std::make_shared<fake_connection>(1, "a");
    rooms.join(10, a);
    rooms.join(11, a);
    EXPECT_TRUE(rooms.contains(10, *a));
    EXPECT_TRUE(rooms.contains(11, *a));
    send_all(rooms, 10, text("x"));
    send_all(rooms, 11, text("y"));
    EXPECT_EQ(a->received, (std::vector<std::string>{"x", "y"}));
}

}  // namespace
}  // namespace parley::chat

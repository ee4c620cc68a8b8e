#include "chat/room_registry.hpp"

#include <gtest/gtest.h>

namespace parley::chat {
namespace {

class fake_connection final : public connection {
public:
    fake_connection(id_t user, std::string name) : user_(user), name_(std::move(name)) {}
    send_status send(frame f) override {
        received.push_back(*f);
        return send_status::queued;
    }
    id_t user_id() const override { return user_; }
    const std::string& username() const override { return name_; }
    const std::string& client_id() const override { return name_; }
    std::vector<std::string> received;

private:
    id_t user_;
    std::string name_;
};

frame text(const char* s) { return std::make_shared<const std::string>(s); }

TEST(RoomRegistry, FirstConnectionOfAUserIsAPresenceChange) {
    room_registry rooms;
    auto a1 = std::make_shared<fake_connection>(1, "a");
    auto a2 = std::make_shared<fake_connection>(1, "a");
    EXPECT_TRUE(rooms.join(10, a1).first_for_user);
    auto second = rooms.join(10, a2);
    EXPECT_TRUE(second.added);
    EXPECT_FALSE(second.first_for_user);
    EXPECT_EQ(rooms.online_users(10).size(), 1u);
}

TEST(RoomRegistry, JoiningTwiceIsIdempotent) {
    room_registry rooms;
    auto a = std::make_shared<fake_connection>(1, "a");
    rooms.join(10, a);
    auto again = rooms.join(10, a);
    EXPECT_FALSE(again.added);
    EXPECT_EQ(rooms.broadcast(10, text("x")), 1u);
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

TEST(RoomRegistry, BroadcastReachesEveryConnectionButTheExcluded) {
    room_registry rooms;
    auto a = std::make_shared<fake_connection>(1, "a");
    auto b = std::make_shared<fake_connection>(2, "b");
    auto c = std::make_shared<fake_connection>(3, "c");
    rooms.join(10, a);
    rooms.join(10, b);
    rooms.join(11, c);
    EXPECT_EQ(rooms.broadcast(10, text("hello"), a.get()), 1u);
    EXPECT_TRUE(a->received.empty());
    EXPECT_EQ(b->received, std::vector<std::string>{"hello"});
    EXPECT_TRUE(c->received.empty());
}

TEST(RoomRegistry, LeaveAllReportsRoomsTheUserIsNoLongerIn) {
    room_registry rooms;
    auto a1 = std::make_shared<fake_connection>(1, "a");
    auto a2 = std::make_shared<fake_connection>(1, "a");
    rooms.join(10, a1);
    rooms.join(11, a1);
    rooms.join(11, a2);  // the user stays present in 11 through a2
    EXPECT_EQ(rooms.leave_all(*a1), std::vector<id_t>{10});
    EXPECT_FALSE(rooms.contains(10, *a1));
    EXPECT_FALSE(rooms.contains(11, *a1));
    EXPECT_TRUE(rooms.contains(11, *a2));
    EXPECT_TRUE(rooms.leave_all(*a1).empty());
}

TEST(RoomRegistry, OneConnectionMayBeInSeveralRooms) {
    room_registry rooms;
    auto a = std::make_shared<fake_connection>(1, "a");
    rooms.join(10, a);
    rooms.join(11, a);
    EXPECT_TRUE(rooms.contains(10, *a));
    EXPECT_TRUE(rooms.contains(11, *a));
    rooms.broadcast(10, text("x"));
    rooms.broadcast(11, text("y"));
    EXPECT_EQ(a->received, (std::vector<std::string>{"x", "y"}));
}

}  // namespace
}  // namespace parley::chat

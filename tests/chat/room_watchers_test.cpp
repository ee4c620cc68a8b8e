#include "chat/room_watchers.hpp"

#include <gtest/gtest.h>

#include "chat/fake_connection.hpp"

namespace parley::chat {
namespace {

std::shared_ptr<fake_connection> conn(id_t user) {
    return std::make_shared<fake_connection>(user, "u" + std::to_string(user));
}

/// How many idle watchers the per-thread batches of `room` hold.
std::size_t batched(room_watchers& w, id_t room) {
    std::size_t n = 0;
    for (const auto& b : w.idle_by_home(room)) n += b.recipients->size();
    return n;
}

TEST(RoomWatchers, ThePerThreadBatchesFollowEveryChangeOfTheIdleWatchers) {
    room_watchers w;
    auto a = conn(1), b = conn(2), c = conn(3);
    w.watch(10, a);
    w.watch(10, b);
    w.watch(10, c, /*joined=*/true);
    EXPECT_EQ(batched(w, 10), 2u);
    const auto* built = w.idle_by_home(10).front().recipients.get();
    EXPECT_EQ(w.idle_by_home(10).front().recipients.get(), built) << "kept while nothing changed";
    w.set_joined(10, *a, true);
    EXPECT_EQ(batched(w, 10), 1u);
    w.set_joined(10, *c, false);
    EXPECT_EQ(batched(w, 10), 2u);
    w.remove_user(10, 2);
    EXPECT_EQ(batched(w, 10), 1u);
    w.remove_connection(*c);
    EXPECT_EQ(batched(w, 10), 0u);
}

TEST(RoomWatchers, JoiningParksAWatcherAndLeavingWakesIt) {
    room_watchers w;
    auto a = conn(1), b = conn(2);
    EXPECT_TRUE(w.watch(10, a));
    EXPECT_FALSE(w.watch(10, a)) << "watching twice is one watch";
    EXPECT_TRUE(w.watch(10, b, /*joined=*/true));
    ASSERT_EQ(w.idle(10).size(), 1u);
    EXPECT_EQ(w.idle(10)[0], a);
    w.set_joined(10, *a, true);
    EXPECT_TRUE(w.idle(10).empty());
    EXPECT_TRUE(w.watched(10));
    w.set_joined(10, *a, false);
    w.set_joined(10, *b, false);
    EXPECT_EQ(w.idle(10).size(), 2u);
    w.set_joined(11, *a, true);  // a room it does not watch: nothing
    EXPECT_TRUE(w.idle(11).empty());
    EXPECT_FALSE(w.watched(11));
}

TEST(RoomWatchers, UsersRoomsAndConnectionsAreRemovedCompletely) {
    room_watchers w;
    auto a1 = conn(1), a2 = conn(1), b = conn(2);
    for (id_t room : {10, 11}) {
        w.watch(room, a1);
        w.watch(room, a2, true);
        w.watch(room, b);
    }
    auto gone = w.remove_user(10, 1);
    EXPECT_EQ(gone.size(), 2u);
    ASSERT_EQ(w.idle(10).size(), 1u);
    EXPECT_EQ(w.idle(10)[0], b);
    EXPECT_EQ(w.remove_room(11).size(), 3u);
    EXPECT_FALSE(w.watched(11));
    EXPECT_EQ(w.remove_connection(*a1), std::vector<id_t>{}) << "already out of both rooms";
    EXPECT_EQ(w.remove_connection(*b), std::vector<id_t>{10});
    EXPECT_FALSE(w.watched(10));
    EXPECT_TRUE(w.watch(10, a1)) << "a connection removed may watch again";
}

}  // namespace
}  // namespace parley::chat

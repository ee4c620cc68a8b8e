#include "bus/local_presence.hpp"

#include <gtest/gtest.h>

namespace parley::bus {
namespace {

TEST(LocalPresence, AUserIsOnlineWhileAnyConnectionIsOpen) {
    local_presence p;
    p.connected(1);
    p.connected(1);
    p.disconnected(1);
    EXPECT_TRUE(p.online(1));
    p.disconnected(1);
    EXPECT_FALSE(p.online(1));
    EXPECT_FALSE(p.online(2));
}

TEST(LocalPresence, RoomPresenceCountsEachUserOnce) {
    local_presence p;
    p.entered(10, 1);
    p.entered(10, 1);
    p.entered(10, 2);
    p.entered(11, 3);
    EXPECT_EQ(p.online_in(10), (std::unordered_set<id_t>{1, 2}));
    p.left(10, 1);
    EXPECT_EQ(p.online_in(10), (std::unordered_set<id_t>{1, 2}));
    p.left(10, 1);
    p.left(10, 2);
    EXPECT_TRUE(p.online_in(10).empty());
    EXPECT_EQ(p.online_in(11).size(), 1u);
}

}  // namespace
}  // namespace parley::bus

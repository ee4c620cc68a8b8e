// The fan-out's grouping of a room's connections by network thread, and delivery within one.
#include "chat/fanout.hpp"

#include <gtest/gtest.h>

#include "chat/fake_connection.hpp"
#include "chat/room_registry.hpp"

namespace parley::chat {
namespace {

frame text(std::string s) { return std::make_shared<const std::string>(std::move(s)); }

TEST(Fanout, GroupsRecipientsByHomeInAscendingOrder) {
    auto a = std::make_shared<fake_connection>(1, "a", 2);
    auto b = std::make_shared<fake_connection>(2, "b", 0);
    auto c = std::make_shared<fake_connection>(3, "c", 2);
    const auto batches = group_by_home({{a, 0}, {b, 0}, {c, 5}});
    ASSERT_EQ(batches.size(), 2u);
    EXPECT_EQ(batches[0].home, 0u);
    ASSERT_EQ(batches[0].recipients->size(), 1u);
    EXPECT_EQ((*batches[0].recipients)[0].conn, b);
    EXPECT_EQ(batches[1].home, 2u);
    ASSERT_EQ(batches[1].recipients->size(), 2u);
    EXPECT_EQ((*batches[1].recipients)[1].min_seq, 5);
}

TEST(Fanout, DeliverSkipsRecipientsWhoseSnapshotHeldTheMessage) {
    auto early = std::make_shared<fake_connection>(1, "a");
    auto late = std::make_shared<fake_connection>(2, "b");
    const recipient_list list{{early, 4}, {late, 6}};
    for (std::int64_t seq = 5; seq <= 7; ++seq) deliver_to(list, seq, text("m"));
    EXPECT_EQ(early->received.size(), 3u);
    EXPECT_EQ(late->received.size(), 1u);
}

TEST(Fanout, ABatchInFlightKeepsItsRecipientsWhileTheRoomChanges) {
    room_registry rooms;
    auto a = std::make_shared<fake_connection>(1, "a", 0);
    auto b = std::make_shared<fake_connection>(2, "b", 1);
    rooms.join(10, a);
    rooms.join(10, b);
    const auto before = rooms.by_home(10);  // what a fan-out posted to the threads holds
    ASSERT_EQ(before.size(), 2u);
    rooms.leave(10, *b);
    const auto& after = rooms.by_home(10);
    ASSERT_EQ(after.size(), 1u);
    EXPECT_EQ(after[0].home, 0u);
    EXPECT_EQ(deliver_to(*before[1].recipients, 1, text("m")), 1u);  // b still gets it there
    EXPECT_EQ(b->received.size(), 1u);
    rooms.leave(10, *a);
    EXPECT_TRUE(rooms.by_home(10).empty());
}

}  // namespace
}  // namespace parley::chat

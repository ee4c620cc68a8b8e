#include "chat/seq_gate.hpp"

#include <gtest/gtest.h>

namespace parley::chat {
namespace {

bus::room_event f(std::int64_t seq) {
    return {std::make_shared<const std::string>(std::to_string(seq)), nullptr};
}

std::vector<std::int64_t> seqs(const std::vector<seq_gate::item>& items) {
    std::vector<std::int64_t> out;
    for (const auto& i : items) out.push_back(i.seq);
    return out;
}

TEST(SeqGate, PassesFramesInOrderEachOnce) {
    seq_gate g;
    (void)g.start(0);
    EXPECT_EQ(seqs(g.offer(1, f(1))), std::vector<std::int64_t>{1});
    EXPECT_TRUE(g.offer(1, f(1)).empty()) << "a duplicate passed";
    EXPECT_EQ(seqs(g.offer(2, f(2))), std::vector<std::int64_t>{2});
    EXPECT_EQ(g.delivered(), 2);
}

TEST(SeqGate, HoldsAnEarlyFrameUntilTheGapIsFilled) {
    seq_gate g;
    (void)g.start(10);
    EXPECT_TRUE(g.offer(13, f(13)).empty());
    EXPECT_TRUE(g.offer(12, f(12)).empty());
    ASSERT_TRUE(g.missing());
    EXPECT_EQ(g.missing()->after, 10);
    EXPECT_EQ(g.missing()->before, 12);
    EXPECT_EQ(seqs(g.offer(11, f(11))), (std::vector<std::int64_t>{11, 12, 13}));
    EXPECT_FALSE(g.missing());
}

TEST(SeqGate, HoldsEverythingUntilStartedThenHandsOutAllInOrder) {
    seq_gate g;
    EXPECT_TRUE(g.offer(6, f(6)).empty());
    EXPECT_TRUE(g.offer(4, f(4)).empty());
    EXPECT_TRUE(g.offer(5, f(5)).empty());
    EXPECT_TRUE(g.offer(9, f(9)).empty());
    EXPECT_FALSE(g.started());
    // The snapshot held up to 5: 4 and 5 still go out (for joins with older snapshots), 6
    // follows on, 9 waits for 7 and 8.
    EXPECT_EQ(seqs(g.start(5)), (std::vector<std::int64_t>{4, 5, 6}));
    EXPECT_EQ(g.delivered(), 6);
    EXPECT_EQ(g.missing()->before, 9);
}

TEST(SeqGate, DropsWhatTheSnapshotAlreadyHeld) {
    seq_gate g;
    (void)g.start(20);
    EXPECT_TRUE(g.offer(19, f(19)).empty());
    EXPECT_TRUE(g.offer(20, f(20)).empty());
    EXPECT_EQ(seqs(g.offer(21, f(21))), std::vector<std::int64_t>{21});
}

}  // namespace
}  // namespace parley::chat

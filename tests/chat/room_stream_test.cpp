#include "chat/room_stream.hpp"

#include <gtest/gtest.h>

#include "config.hpp"

namespace parley::chat {
namespace {

bus::room_event f(std::int64_t seq) {
    return {std::make_shared<const std::string>(std::to_string(seq)), nullptr};
}

std::vector<std::int64_t> seqs(const std::vector<room_stream::item>& items) {
    std::vector<std::int64_t> out;
    for (const auto& i : items) out.push_back(i.seq);
    return out;
}

using seqs_t = std::vector<std::int64_t>;

/// Answers a read as a log holding every seq up to `last` would, offering what it returns.
seqs_t answer(room_stream& s, const room_stream::log_read& read, std::int64_t last) {
    seqs_t out;
    std::int64_t count = 0;
    for (auto seq = read.after + 1; seq <= std::min(read.through, last); ++seq, ++count)
        for (auto n : seqs(s.offer_read(seq, f(seq)))) out.push_back(n);
    s.read_done(true, count);
    return out;
}

TEST(RoomStream, AWatchedRoomStartsAtItsFirstFrame) {
    room_stream s;
    EXPECT_EQ(seqs(s.offer(7, f(7), false)), seqs_t{7});
    EXPECT_EQ(s.delivered(), 7);
}

TEST(RoomStream, WithAJoinInFlightFramesWaitForItsSnapshot) {
    room_stream s;
    EXPECT_TRUE(s.offer(7, f(7), true).empty());
    EXPECT_TRUE(s.offer(6, f(6), true).empty());
    EXPECT_EQ(seqs(s.start(5)), (seqs_t{6, 7}));
}

TEST(RoomStream, CatchUpReadsWhatTheGateLacksUntilTheLogsLastSeq) {
    room_stream s;
    (void)s.start(10);
    EXPECT_FALSE(s.catch_up(10)) << "nothing was missed";
    auto read = s.catch_up(14);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->after, 10);
    EXPECT_EQ(read->through, 14);
    EXPECT_EQ(answer(s, *read, 14), (seqs_t{11, 12, 13, 14}));
    EXPECT_FALSE(s.owed_read());
}

TEST(RoomStream, ACatchUpBeforeTheStartIsOwedUntilIt) {
    room_stream s;
    EXPECT_FALSE(s.catch_up(9));
    EXPECT_FALSE(s.owed_read()) << "no place to read from before the start";
    (void)s.start(4);
    auto read = s.owed_read();
    ASSERT_TRUE(read);
    EXPECT_EQ(read->after, 4);
    EXPECT_EQ(read->through, 9);
}

TEST(RoomStream, ACatchUpDuringAReadIsOwedUntilItEnds) {
    room_stream s;
    (void)s.start(0);
    auto first = s.catch_up(3);
    ASSERT_TRUE(first);
    EXPECT_FALSE(s.catch_up(6)) << "two reads at once";
    EXPECT_EQ(answer(s, *first, 6), (seqs_t{1, 2, 3}));
    auto owed = s.owed_read();
    ASSERT_TRUE(owed);
    EXPECT_EQ(owed->after, 3);
    EXPECT_EQ(owed->through, 6);
}

TEST(RoomStream, ALongCatchUpReadsInPiecesOfAtMostTheGapFillMaximum) {
    room_stream s;
    (void)s.start(0);
    const auto last = limits::gap_fill_max * 2 + 5;
    auto read = s.catch_up(last);
    int reads = 0;
    while (read) {
        EXPECT_LE(read->through - read->after, limits::gap_fill_max);
        (void)answer(s, *read, last);
        read = s.owed_read();
        ++reads;
    }
    EXPECT_EQ(reads, 3);
    EXPECT_EQ(s.delivered(), last);
}

TEST(RoomStream, WithTheLastSeqUnknownAFullReadReadsOn) {
    room_stream s;
    (void)s.start(0);
    const auto last = limits::gap_fill_max + 3;
    auto read = s.catch_up(std::nullopt);
    ASSERT_TRUE(read);
    (void)answer(s, *read, last);
    read = s.owed_read();
    ASSERT_TRUE(read) << "a full read may not be the end";
    (void)answer(s, *read, last);
    EXPECT_FALSE(s.owed_read()) << "a short read is the end";
    EXPECT_EQ(s.delivered(), last);
}

TEST(RoomStream, AFailedReadStaysOwedUntilOneSucceedsRetriedByTheTimer) {
    room_stream s;
    (void)s.start(0);
    ASSERT_TRUE(s.catch_up(5));
    for (int failures = 0; failures < 3; ++failures) {
        s.read_done(false, 0);
        EXPECT_FALSE(s.owed_read()) << "not at once: the database is likely still away";
        EXPECT_FALSE(s.catch_up(5)) << "a new catch-up joins the one owed";
        EXPECT_TRUE(s.waits_for_timer());
        auto again = s.timer_read();
        ASSERT_TRUE(again);
        EXPECT_EQ(again->after, 0);
        EXPECT_EQ(again->through, 5);
    }
    EXPECT_EQ(answer(s, {0, 5}, 5), (seqs_t{1, 2, 3, 4, 5}));
    EXPECT_FALSE(s.owed_read());
    EXPECT_FALSE(s.waits_for_timer());
}

TEST(RoomStream, AGapIsReadUpToTheFirstHeldFrame) {
    room_stream s;
    (void)s.start(10);
    EXPECT_TRUE(s.offer(14, f(14), false).empty());
    EXPECT_TRUE(s.missing());
    EXPECT_TRUE(s.waits_for_timer());
    auto read = s.timer_read();
    ASSERT_TRUE(read);
    EXPECT_EQ(read->after, 10);
    EXPECT_EQ(read->through, 13);
    EXPECT_FALSE(s.timer_read()) << "one read at a time";
    EXPECT_EQ(answer(s, *read, 13), (seqs_t{11, 12, 13, 14}));
    EXPECT_FALSE(s.missing());
}

}  // namespace
}  // namespace parley::chat

#include "chat/room_joins.hpp"

#include <gtest/gtest.h>

#include "chat/fake_connection.hpp"
#include "config.hpp"

namespace parley::chat {
namespace {

using clock = room_joins::clock;

bus::room_event f(std::int64_t seq) {
    return {std::make_shared<const std::string>(std::to_string(seq)), nullptr};
}

store::page page_ending_at(std::int64_t last_seq) {
    store::page p;
    p.last_seq = last_seq;
    return p;
}

TEST(RoomJoins, JoinsThatComeDuringABatchAreReadTogetherInTheNext) {
    room_joins joins;
    auto a = std::make_shared<fake_connection>(1, "a");
    auto b = std::make_shared<fake_connection>(2, "b");
    auto c = std::make_shared<fake_connection>(3, "c");
    ASSERT_TRUE(joins.add(a, std::nullopt, nullptr)) << "nothing is being read: read now";
    auto first = joins.next_batch();
    ASSERT_EQ(first.conns.size(), 1u);
    EXPECT_FALSE(joins.add(b, 4, nullptr)) << "a batch is in flight";
    EXPECT_FALSE(joins.add(c, std::nullopt, nullptr));
    EXPECT_TRUE(joins.next_batch().reads.empty()) << "one batch at a time";
    joins.batch_read({}, clock::now());
    auto second = joins.next_batch();
    ASSERT_EQ(second.conns.size(), 2u) << "a's join is still in flight but not read again";
    EXPECT_EQ(second.reads[0].user, 2);
    EXPECT_EQ(second.reads[0].since, 4);
    EXPECT_EQ(second.conns[1], c);
}

TEST(RoomJoins, EveryJoinInFlightKeepsTheFramesPassedMeanwhile) {
    room_joins joins;
    auto a = std::make_shared<fake_connection>(1, "a");
    auto b = std::make_shared<fake_connection>(2, "b");
    joins.add(a, std::nullopt, nullptr);
    joins.passed({5, f(5)});
    joins.add(b, std::nullopt, nullptr);
    joins.passed({6, f(6)});
    EXPECT_EQ(joins.find(*a)->buffered.size(), 2u);
    EXPECT_EQ(joins.find(*b)->buffered.size(), 1u);
}

TEST(RoomJoins, ATakenJoinIsGoneWithItsWaitingRequests) {
    room_joins joins;
    auto a = std::make_shared<fake_connection>(1, "a");
    joins.add(a, std::nullopt, nullptr);
    int ran = 0;
    joins.find(*a)->waiting.push_back([&] { ++ran; });
    auto taken = joins.take(*a);
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->waiting.size(), 1u);
    EXPECT_FALSE(joins.find(*a));
    EXPECT_FALSE(joins.take(*a));
    EXPECT_TRUE(joins.empty());
}

TEST(RoomJoins, PagesAreReusedOnlyWhileCurrent) {
    room_joins joins;
    const auto now = clock::now();
    joins.batch_read({{std::nullopt, page_ending_at(10)}}, now);
    EXPECT_EQ(joins.current_pages(10, now).size(), 1u);
    EXPECT_TRUE(joins.current_pages(std::nullopt, now).empty()) << "no stream started yet";
    joins.batch_read({{std::nullopt, page_ending_at(10)}}, now);
    EXPECT_TRUE(joins.current_pages(11, now).empty()) << "a frame passed on after the page";
    joins.batch_read({{std::nullopt, page_ending_at(10)}}, now);
    EXPECT_TRUE(joins.current_pages(10, now + limits::join_page_reuse).empty()) << "too old";
}

TEST(RoomJoins, OldPagesAreForgotten) {
    room_joins joins;
    const auto now = clock::now();
    joins.batch_read({{std::nullopt, page_ending_at(3)}}, now);
    EXPECT_TRUE(joins.forget_old_pages(now));
    EXPECT_FALSE(joins.forget_old_pages(now + limits::join_page_reuse));
    EXPECT_TRUE(joins.current_pages(3, now).empty());
}

}  // namespace
}  // namespace parley::chat

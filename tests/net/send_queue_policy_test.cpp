// When a client that falls behind is cut off.
#include "net/send_queue_policy.hpp"

#include <gtest/gtest.h>

namespace parley::net {
namespace {

constexpr std::size_t behind_by = limits::stalled_reader_bytes + 1;

/// The node's queued bytes, as judge_send_queue asks for them.
auto node(std::int64_t bytes) {
    return [bytes] { return bytes; };
}

TEST(SendQueuePolicy, AClientThatKeepsUpIsLeftAloneEvenWhenTheNodeIsFull) {
    server_config config;
    EXPECT_EQ(judge_send_queue(1000, node(0), config), queue_verdict::keeping_up);
    EXPECT_EQ(judge_send_queue(limits::stalled_reader_bytes, node(INT64_MAX), config),
              queue_verdict::keeping_up);
}

TEST(SendQueuePolicy, AClientBehindIsWatchedThenCutOffWhenTheNodeHoldsTooMuch) {
    server_config config;
    config.max_total_send_queue_bytes = 10 * behind_by;
    EXPECT_EQ(judge_send_queue(behind_by, node(10 * behind_by), config), queue_verdict::behind);
    EXPECT_EQ(judge_send_queue(behind_by, node(10 * behind_by + 1), config),
              queue_verdict::cut_off);
}

TEST(SendQueuePolicy, PastItsOwnBoundAClientIsCutOffReadingOrNot) {
    server_config config;
    EXPECT_EQ(judge_send_queue(config.max_send_queue_bytes, node(0), config),
              queue_verdict::behind);
    EXPECT_EQ(judge_send_queue(config.max_send_queue_bytes + 1, node(0), config),
              queue_verdict::cut_off);
}

}  // namespace
}  // namespace parley::net

// Token buckets, the keyed limiter and --limit specs.
#include <gtest/gtest.h>

#include <string>

#include "throttle/limit_spec.hpp"
#include "throttle/rate_limiter.hpp"

namespace parley::throttle {
namespace {

using namespace std::chrono_literals;

TEST(TokenBucket, ABurstThenTheSteadyRate) {
    const rate_limit r{2, 3};  // 3 at once, then 2 a second
    const auto t0 = clock::now();
    token_bucket b(r, t0);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(b.take(r, t0), 0ms) << i;
    EXPECT_EQ(b.take(r, t0), 500ms) << "the next token is half a second away";
    EXPECT_EQ(b.take(r, t0 + 200ms), 300ms) << "a refused take costs nothing";
    EXPECT_EQ(b.take(r, t0 + 500ms), 0ms);
    EXPECT_GT(b.take(r, t0 + 500ms), 0ms);
    EXPECT_FALSE(b.full(r, t0 + 1s));
    EXPECT_TRUE(b.full(r, t0 + 2s)) << "refills to the burst and no further";
    for (int i = 0; i < 3; ++i) EXPECT_EQ(b.take(r, t0 + 10s), 0ms) << i;
    EXPECT_GT(b.take(r, t0 + 10s), 0ms);
}

TEST(TokenBucket, AnOffRateNeverRefuses) {
    const rate_limit off{};
    token_bucket b(off, clock::now());
    for (int i = 0; i < 1000; ++i) EXPECT_EQ(b.take(off, clock::now()), 0ms);
}

TEST(RateLimiter, KeysHaveTheirOwnBuckets) {
    rate_limiter<std::string> l({1, 2});
    const auto t0 = clock::now();
    EXPECT_EQ(l.take("a", t0), 0ms);
    EXPECT_EQ(l.take("a", t0), 0ms);
    EXPECT_EQ(l.take("a", t0), 1000ms);
    EXPECT_EQ(l.take("b", t0), 0ms) << "another key is not held back";
    l.forget("a");
    EXPECT_EQ(l.take("a", t0), 0ms) << "a forgotten key starts full";
}

TEST(RateLimiter, MemoryStaysBounded) {
    rate_limiter<int> l({1000, 1}, 5000);
    const auto t0 = clock::now();
    // Keys that refill at once are forgotten when the table grows...
    for (int i = 0; i < 100'000; ++i) (void)l.take(i, t0 + std::chrono::milliseconds(i));
    EXPECT_LE(l.size(), 5000u);
    // ...and keys that do not are dropped wholesale at the bound.
    rate_limiter<int> slow({0.001, 1}, 5000);
    for (int i = 0; i < 100'000; ++i) (void)slow.take(i, t0);
    EXPECT_LE(slow.size(), 5000u);
}

TEST(LimitSpec, SetsOneLimitOrAll) {
    abuse_limits l;
    EXPECT_EQ(apply_limit_spec(l, "messages=2.5/10"), "");
    EXPECT_DOUBLE_EQ(l.messages.per_second, 2.5);
    EXPECT_DOUBLE_EQ(l.messages.burst, 10);
    EXPECT_EQ(apply_limit_spec(l, "logins-per-ip=off"), "");
    EXPECT_FALSE(l.logins_per_ip.on());
    EXPECT_TRUE(l.joins.on());
    EXPECT_EQ(apply_limit_spec(l, "all=off"), "");
    for (auto* r : l.all()) EXPECT_FALSE(r->on());
}

TEST(LimitSpec, RefusesWhatItCannotRead) {
    abuse_limits l;
    for (const char* bad : {"messages", "messages=", "messages=5", "messages=5/0", "messages=-1/5",
                            "messages=x/5", "messages=0/5", "nope=1/1", "messages=5/5/5"})
        EXPECT_NE(apply_limit_spec(l, bad), "") << bad;
    EXPECT_NE(apply_limit_spec(l, "nope=1/1").find("rooms-per-user"), std::string::npos)
        << "the message lists the names";
}

}  // namespace
}  // namespace parley::throttle

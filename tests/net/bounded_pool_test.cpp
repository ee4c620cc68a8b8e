#include "net/bounded_pool.hpp"

#include <gtest/gtest.h>

#include <future>

namespace parley::net {
namespace {

TEST(BoundedPool, RefusesWorkBeyondItsBoundAndTakesMoreOnceDone) {
    bounded_pool pool(1, 3);
    std::promise<void> release;
    std::shared_future<void> gate = release.get_future().share();
    std::atomic<int> ran{0};
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(pool.try_post([&, gate] {
            gate.wait();
            ++ran;
        })) << i;
    EXPECT_FALSE(pool.try_post([&] { ++ran; })) << "three are queued or running";
    EXPECT_EQ(pool.jobs(), 3u);
    release.set_value();
    while (pool.jobs() > 0) std::this_thread::yield();
    EXPECT_EQ(ran, 3);
    EXPECT_TRUE(pool.try_post([&] { ++ran; }));
    pool.join();
    EXPECT_EQ(ran, 4);
}

}  // namespace
}  // namespace parley::net

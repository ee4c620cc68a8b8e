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

TEST(BoundedPool, WhoHearsOfAResultFindsItsPlaceFree) {
    bounded_pool pool(1, 1);
    std::promise<std::size_t> jobs_when_told;
    EXPECT_TRUE(pool.try_post([] { return 42; },
                              [&](int result) {
                                  EXPECT_EQ(result, 42);
                                  jobs_when_told.set_value(pool.jobs());
                              }));
    EXPECT_EQ(jobs_when_told.get_future().get(), 0u)
        << "a client told of its sign-in could be refused the next one";
    pool.join();
}

}  // namespace
}  // namespace parley::net

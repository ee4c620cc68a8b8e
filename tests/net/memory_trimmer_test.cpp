// memory_trimmer trims once a burst that freed enough memory is over, and never during one.
#include "net/memory_trimmer.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

namespace {
using parley::net::memory_trimmer;
constexpr std::size_t threshold = 1000;

struct trimmer_fixture : ::testing::Test {
    boost::asio::io_context timer_ioc, work_ioc;
    memory_trimmer trimmer{timer_ioc.get_executor(), work_ioc.get_executor(),
                           std::chrono::milliseconds(10), threshold};

    /// One check, then whatever it handed to the work executor.
    void tick() {
        trimmer.check();
        work_ioc.poll();
        work_ioc.restart();
    }
};

TEST_F(trimmer_fixture, TrimsOnceAfterABurstHasEnded) {
    trimmer.released(600);
    tick();  // the burst is going on
    trimmer.released(600);
    tick();
    EXPECT_EQ(trimmer.trims(), 0u);
    tick();  // a quiet interval with 1200 bytes freed
    EXPECT_EQ(trimmer.trims(), 1u);
    tick();
    tick();
    EXPECT_EQ(trimmer.trims(), 1u) << "nothing new was freed";
}

TEST_F(trimmer_fixture, DoesNotTrimForLittle) {
    trimmer.released(threshold - 1);
    tick();
    tick();
    EXPECT_EQ(trimmer.trims(), 0u);
    trimmer.released(1);
    tick();
    tick();
    EXPECT_EQ(trimmer.trims(), 1u);
}

TEST_F(trimmer_fixture, NeverTrimsWhileMemoryKeepsBeingFreed) {
    for (int i = 0; i < 20; ++i) {
        trimmer.released(threshold);
        tick();
    }
    EXPECT_EQ(trimmer.trims(), 0u);
}

TEST_F(trimmer_fixture, RunsOnItsTimerUntilStopped) {
    trimmer.start();
    trimmer.released(threshold);
    // The first tick sees the release, the second a quiet interval: then it trims.
    for (int i = 0; i < 500 && trimmer.trims() == 0; ++i) {
        timer_ioc.run_one_for(std::chrono::milliseconds(20));
        work_ioc.poll();
        work_ioc.restart();
    }
    EXPECT_EQ(trimmer.trims(), 1u);
    trimmer.stop();
    timer_ioc.restart();
    timer_ioc.run_for(std::chrono::milliseconds(50));  // ends early: nothing is armed any more
    EXPECT_TRUE(timer_ioc.stopped());
}

}  // namespace

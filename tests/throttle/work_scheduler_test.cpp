#include "throttle/work_scheduler.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <future>
#include <mutex>
#include <string>
#include <vector>

namespace parley::throttle {
namespace {

using namespace std::chrono_literals;

/// A pool and its scheduler; `hold()` occupies one thread until `release()`.
struct scheduled_pool {
    scheduled_pool(std::size_t threads, work_limits limits)
        : pool(threads), work(pool.get_executor(), limits) {}
    ~scheduled_pool() {
        release();
        pool.join();
    }
    void hold(work_kind kind = work_kind::interactive) {
        std::promise<void> started;
        ASSERT_TRUE(work.try_post(kind, "holder", [&, f = gate_open] {
            started.set_value();
            f.wait();
        }));
        started.get_future().wait();
    }
    void release() {
        if (!released.exchange(true)) gate.set_value();
    }
    void record(work_kind kind, const std::string& client, const std::string& name) {
        ASSERT_TRUE(work.try_post(kind, client, [this, name] {
            std::lock_guard lock(m);
            order.push_back(name);
        }));
    }
    std::vector<std::string> ran() {
        std::lock_guard lock(m);
        return order;
    }

    boost::asio::thread_pool pool;
    work_scheduler work;
    std::promise<void> gate;
    std::shared_future<void> gate_open = gate.get_future().share();
    std::atomic<bool> released{false};
    std::mutex m;
    std::vector<std::string> order;
};

TEST(WorkScheduler, InteractiveWorkRunsBeforeHeavyWorkThatWaitedLonger) {
    scheduled_pool p(1, {16, 16, 16, 1});
    p.hold();
    p.record(work_kind::heavy, "a", "heavy");
    p.record(work_kind::interactive, "b", "interactive");
    p.release();
    p.pool.join();
    EXPECT_EQ(p.ran(), (std::vector<std::string>{"interactive", "heavy"}));
}

TEST(WorkScheduler, HeavyWorkTakesTurnsBetweenClients) {
    scheduled_pool p(1, {16, 16, 16, 1});
    p.hold();
    for (const auto* name : {"a1", "a2", "a3"}) p.record(work_kind::heavy, "a", name);
    p.record(work_kind::heavy, "b", "b1");
    p.record(work_kind::heavy, "c", "c1");
    p.record(work_kind::heavy, "b", "b2");
    p.release();
    p.pool.join();
    EXPECT_EQ(p.ran(), (std::vector<std::string>{"a1", "b1", "c1", "a2", "b2", "a3"}));
}

TEST(WorkScheduler, HeavyWorkNeverTakesEveryThread) {
    scheduled_pool p(2, {16, 16, 16, 1});
    p.hold(work_kind::heavy);  // the one heavy job allowed to run
    for (int i = 0; i < 4; ++i) p.record(work_kind::heavy, "a", "heavy");
    std::promise<void> answered;
    ASSERT_TRUE(p.work.try_post(work_kind::interactive, "b", [&] { answered.set_value(); }));
    EXPECT_EQ(answered.get_future().wait_for(10s), std::future_status::ready)
        << "a handshake waited behind heavy reads";
    EXPECT_TRUE(p.ran().empty()) << "more heavy jobs ran than allowed";
    p.release();
    p.pool.join();
    EXPECT_EQ(p.ran().size(), 4u) << "every heavy job held back ran once a turn was free";
}

TEST(WorkScheduler, FullQueuesRefuseAtOnce) {
    scheduled_pool p(1, {2, 3, 2, 1});
    p.hold();
    EXPECT_TRUE(p.work.try_post(work_kind::heavy, "a", [] {}));
    EXPECT_TRUE(p.work.try_post(work_kind::heavy, "a", [] {}));
    EXPECT_FALSE(p.work.try_post(work_kind::heavy, "a", [] {})) << "over a's share";
    EXPECT_TRUE(p.work.try_post(work_kind::heavy, "b", [] {})) << "b has its own";
    EXPECT_FALSE(p.work.try_post(work_kind::heavy, "c", [] {})) << "over the total";
    EXPECT_TRUE(p.work.try_post(work_kind::interactive, "a", [] {}));
    EXPECT_TRUE(p.work.try_post(work_kind::interactive, "a", [] {}));
    EXPECT_FALSE(p.work.try_post(work_kind::interactive, "a", [] {}));
    EXPECT_EQ(p.work.refused(work_kind::heavy), 2u);
    EXPECT_EQ(p.work.refused(work_kind::interactive), 1u);
    EXPECT_EQ(p.work.waiting(work_kind::heavy), 3u);
    p.release();
    p.pool.join();
    EXPECT_EQ(p.work.waiting(work_kind::heavy), 0u);
    EXPECT_TRUE(p.work.try_post(work_kind::heavy, "a", [] {})) << "room again once it ran";
}

TEST(WorkScheduler, EveryAcceptedJobRunsOnceUnderContention) {
    boost::asio::thread_pool pool(4);
    work_scheduler work(pool.get_executor(), {100000, 100000, 100000, 2});
    std::atomic<int> done{0};
    std::atomic<int> accepted{0};
    std::vector<std::thread> posters;
    for (int t = 0; t < 4; ++t)
        posters.emplace_back([&, t] {
            for (int i = 0; i < 2000; ++i) {
                const auto kind = i % 3 ? work_kind::heavy : work_kind::interactive;
                if (work.try_post(kind, std::to_string((t + i) % 5), [&] { ++done; })) ++accepted;
            }
        });
    for (auto& t : posters) t.join();
    pool.join();
    EXPECT_EQ(accepted.load(), 8000);
    EXPECT_EQ(done.load(), accepted.load());
}

}  // namespace
}  // namespace parley::throttle

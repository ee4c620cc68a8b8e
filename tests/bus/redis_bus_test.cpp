// What the Redis bus adds to the bus contract: a node that keeps going while Redis is away and
// resubscribes by itself, in a few SUBSCRIBEs, when it returns.
#include "bus/redis/redis_bus.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <regex>
#include <thread>

#include "support/redis_server.hpp"

namespace parley::bus::redis {
namespace {

using namespace std::chrono_literals;
using testing::redis_server;

/// Counts frames by room.
class counter final : public receiver {
  public:
    void on_frame(id_t room, std::int64_t, room_event) override {
        std::lock_guard lock(mutex_);
        ++by_room_[room];
        changed_.notify_all();
    }
    void on_control(const control_event&) override {}
    /// Waits up to `timeout` for a frame of `room`; whether one came.
    bool wait_for(id_t room, std::chrono::milliseconds timeout = 5s) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return by_room_[room] > 0; });
    }
    void clear() {
        std::lock_guard lock(mutex_);
        by_room_.clear();
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<id_t, int> by_room_;
};

redis_address address_of(const redis_server& server) {
    std::string why;
    auto a = parse_redis_url(server.url(), why);
    EXPECT_TRUE(a) << why;
    return *a;
}

/// The `calls` of one command in INFO commandstats.
long calls(const redis_server& server, const std::string& command) {
    std::smatch m;
    const auto info = server.info("commandstats");
    if (!std::regex_search(info, m, std::regex("cmdstat_" + command + ":calls=(\\d+)"))) return 0;
    return std::stol(m[1]);
}

TEST(RedisBus, UrlsAreCheckedWithClearReasons) {
    std::string why;
    auto a = parse_redis_url("redis://10.0.0.5", why);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->host, "10.0.0.5");
    EXPECT_EQ(a->port, 6379);
    EXPECT_EQ(parse_redis_url("redis://localhost:7000", why)->port, 7000);
    EXPECT_FALSE(parse_redis_url("http://localhost:7000", why));
    EXPECT_NE(why.find("redis://host:port"), std::string::npos) << why;
    EXPECT_FALSE(parse_redis_url("redis://:secret@localhost:7000", why));
    EXPECT_FALSE(parse_redis_url("not a url", why));
}

TEST(RedisBus, ThousandsOfRoomsAreSubscribedAgainInAFewCommands) {
    redis_server server;
    redis_bus node(address_of(server));
    counter seen;
    node.attach(&seen);
    for (id_t room = 1; room <= 2000; ++room) node.subscribe(room);
    ASSERT_TRUE(node.wait_until_subscribed(5s));
    server.stop();
    server.start();  // empty: its counters start from zero
    ASSERT_TRUE(node.wait_until_subscribed(5s));
    // 2,000 rooms and the control and peers channels, 500 channels a command.
    EXPECT_LE(calls(server, "subscribe"), 5) << "subscriptions were not gathered";
    seen.clear();
    redis_bus other(address_of(server));  // a node's own frames never go through Redis
    ASSERT_TRUE(other.wait_until_subscribed(5s));
    other.publish(1999, 1, {std::make_shared<const std::string>("x"), nullptr});
    EXPECT_TRUE(seen.wait_for(1999));
    node.attach(nullptr);
}

TEST(RedisBus, ANodeOutlivesRedisAndResubscribesWhenItReturns) {
    redis_server server;
    redis_bus node(address_of(server));
    counter seen;
    node.attach(&seen);
    for (id_t room = 1; room <= 100; ++room) node.subscribe(room);
    ASSERT_TRUE(node.wait_until_subscribed(5s));

    server.stop();
    // While Redis is away, publishing and subscribing neither block nor fail.
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 1000; ++i)
        node.publish(7, i, {std::make_shared<const std::string>("x"), nullptr});
    node.subscribe(101);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 200ms);
    EXPECT_TRUE(seen.wait_for(7, 1s)) << "the node's own frames stopped reaching it";
    std::this_thread::sleep_for(500ms);
    EXPECT_FALSE(node.healthy());
    seen.clear();

    server.start();  // empty: no subscriptions survive on its side
    const auto back = std::chrono::steady_clock::now();
    ASSERT_TRUE(node.wait_until_subscribed(5s)) << "the node did not come back";
    EXPECT_LT(std::chrono::steady_clock::now() - back, 3s);
    redis_bus other(address_of(server));  // a node's own frames never go through Redis
    ASSERT_TRUE(other.wait_until_subscribed(5s));
    for (id_t room : {1, 100, 101}) {
        other.publish(room, 1, {std::make_shared<const std::string>("again"), nullptr});
        EXPECT_TRUE(seen.wait_for(room)) << "room " << room << " was not subscribed again";
    }
    node.attach(nullptr);
}

TEST(RedisBus, ANodeStartsWithoutRedisAndConnectsWhenItAppears) {
    redis_server server;
    server.stop();
    redis_bus node(address_of(server));
    counter seen;
    node.attach(&seen);
    node.subscribe(5);
    node.publish(5, 1, {std::make_shared<const std::string>("dropped"), nullptr});
    EXPECT_FALSE(node.wait_until_subscribed(300ms));
    server.start();
    ASSERT_TRUE(node.wait_until_subscribed(5s));
    redis_bus other(address_of(server));
    ASSERT_TRUE(other.wait_until_subscribed(5s));
    seen.clear();
    other.publish(5, 2, {std::make_shared<const std::string>("delivered"), nullptr});
    EXPECT_TRUE(seen.wait_for(5));
    node.attach(nullptr);
}

}  // namespace
}  // namespace parley::bus::redis

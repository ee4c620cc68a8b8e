#pragma once
// The bus implementations the contracts run against: several nodes share one bus.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "bus/local_bus.hpp"
#include "bus/redis/redis_bus.hpp"

namespace parley::bus {

/// Nodes that share one in-process hub; it delivers at once, on the publishing thread.
struct local_nodes {
    std::shared_ptr<local_hub> hub = std::make_shared<local_hub>();
    std::unique_ptr<bus> node() { return std::make_unique<local_bus>(hub); }
    void settle(bus&) {}
};

/// Nodes on the Redis of $PARLEY_TEST_REDIS (scripts/with-redis.sh, which make test runs),
/// under a prefix of their own: tests running beside them share that Redis.
struct redis_nodes {
    std::string prefix = "contract-" + std::to_string(getpid()) + "-" +
                         std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ":";
    std::unique_ptr<bus> node() {
        const char* url = std::getenv("PARLEY_TEST_REDIS");
        if (!url) throw std::runtime_error("PARLEY_TEST_REDIS is not set: run through make test");
        std::string why;
        auto address = redis::parse_redis_url(url, why);
        if (!address) throw std::runtime_error(why);
        address->prefix = prefix;
        auto b = std::make_unique<redis::redis_bus>(*address);
        settle(*b);
        return b;
    }
    /// Waits until the node is connected and its subscriptions are in effect.
    void settle(bus& b) {
        if (!static_cast<redis::redis_bus&>(b).wait_until_subscribed(std::chrono::seconds(5)))
            throw std::runtime_error("the Redis bus did not settle");
    }
};

using implementations = ::testing::Types<local_nodes, redis_nodes>;
/// Names the instantiations in test output: BusContract/redis.Test.
struct implementation_names {
    template <class Nodes>
    static std::string GetName(int) {
        return std::is_same_v<Nodes, redis_nodes> ? "redis" : "local";
    }
};

}  // namespace parley::bus

#pragma once
// A Redis server of a test's own, for tests that stop and start it (the shared one of
// scripts/with-redis.sh must stay up for the tests running beside them).
#include <string>

#include "support/temp_dir.hpp"

namespace parley::testing {

/// Debian's redis-server on a free loopback port, no persistence; stopped when destroyed.
/// Throws std::runtime_error when it cannot start.
class redis_server {
  public:
    redis_server();
    ~redis_server();
    redis_server(const redis_server&) = delete;
    redis_server& operator=(const redis_server&) = delete;

    /// redis://127.0.0.1:PORT
    std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
    int port() const { return port_; }
    /// Stops it at once (SHUTDOWN NOSAVE): clients see their connections drop.
    void stop();
    /// Starts it again on the same port, empty.
    void start();
    /// The output of `redis-cli INFO section`.
    std::string info(const std::string& section) const;
    /// The output of `redis-cli <args>` (`args` is passed to the shell as is).
    std::string cli(const std::string& args) const;

  private:
    bool try_start();
    temp_dir dir_;
    int port_ = 0;
    bool running_ = false;
};

}  // namespace parley::testing

#include "support/redis_server.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <thread>

namespace parley::testing {
namespace {

/// Runs a shell command and returns what it printed.
std::string output_of(const std::string& cmd) {
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[4096];
        while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
        pclose(p);
    }
    return out;
}

}  // namespace

redis_server::redis_server() {
    std::random_device rd;
    for (int attempt = 0; attempt < 5; ++attempt) {
        port_ = 20000 + static_cast<int>(rd() % 40000);
        if (try_start()) return;
    }
    throw std::runtime_error("could not start redis-server (install-deps.sh --test installs it)");
}

redis_server::~redis_server() { stop(); }

bool redis_server::try_start() {
    const std::string cmd = "redis-server --bind 127.0.0.1 --port " + std::to_string(port_) +
                            " --save '' --appendonly no --daemonize yes --dir " +
                            dir_.path().string() + " --logfile " + dir_.file("redis.log") +
                            " --pidfile " + dir_.file("redis.pid") + " >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) return false;
    for (int i = 0; i < 100; ++i) {
        if (output_of("redis-cli -p " + std::to_string(port_) + " ping 2>/dev/null")
                .starts_with("PONG")) {
            running_ = true;
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

void redis_server::start() {
    if (!running_ && !try_start()) throw std::runtime_error("redis-server did not start again");
}

void redis_server::stop() {
    if (!running_) return;
    output_of("redis-cli -p " + std::to_string(port_) + " shutdown nosave 2>/dev/null");
    running_ = false;
}

std::string redis_server::info(const std::string& section) const { return cli("info " + section); }

std::string redis_server::cli(const std::string& args) const {
    return output_of("redis-cli -p " + std::to_string(port_) + " " + args);
}

}  // namespace parley::testing

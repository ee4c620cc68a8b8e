// A server out of file descriptors: it stops accepting for a while instead of spinning on the
// failing accept and flooding its log, and serves again once descriptors are free.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <thread>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace parley::testing {
namespace {

using namespace std::chrono_literals;
namespace net = boost::asio;

TEST(Descriptors, RunningOutPausesAcceptingAndThenRecovers) {
    temp_dir dir;
    server_process server(PARLEY_BINARY, "sqlite:" + dir.file("fd.db"), 0, {"--threads", "1"}, 128);
    // More connections than it has descriptors: the kernel's backlog takes the rest.
    net::io_context ioc;
    std::vector<net::ip::tcp::socket> held;
    for (int i = 0; i < 300; ++i) {
        net::ip::tcp::socket s(ioc);
        boost::system::error_code ec;
        s.connect({net::ip::make_address("127.0.0.1"), server.port()}, ec);
        if (ec) break;  // the backlog is full too (tests running beside this one)
        held.push_back(std::move(s));
    }
    ASSERT_GE(held.size(), 150u) << "fewer connections than the server has descriptors";
    std::this_thread::sleep_for(500ms);
    const double cpu_before = server.cpu_seconds();
    std::this_thread::sleep_for(1s);
    EXPECT_LT(server.cpu_seconds() - cpu_before, 0.5) << "it spins on the failing accept";
    const auto log = server.drain_log();
    std::size_t said = 0;
    for (auto at = log.find("accept"); at != std::string::npos; at = log.find("accept", at + 1))
        ++said;
    EXPECT_EQ(said, 1u) << "said once, not per attempt:\n" << log.substr(0, 2000);

    held.clear();  // the accepted ones end, their descriptors come back
    int status = 0;
    for (int i = 0; i < 150 && status != 200; ++i) {
        std::this_thread::sleep_for(100ms);
        try {
            status = http_call(server.port(), "GET", "/healthz").status;
        } catch (const std::exception&) {
        }
    }
    EXPECT_EQ(status, 200) << "it did not recover";
    std::string after = server.drain_log();  // read from the child as it comes: allow a moment
    for (int i = 0; i < 20 && after.find("accepting connections again") == std::string::npos; ++i) {
        std::this_thread::sleep_for(50ms);
        after += server.drain_log();
    }
    EXPECT_NE(after.find("accepting connections again"), std::string::npos);
}

}  // namespace
}  // namespace parley::testing

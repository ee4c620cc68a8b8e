// lazy_read_buffer under Beast's real WebSocket reader: whole messages come through, however the
// bytes arrive, and a read that waits holds no memory.
#include "net/lazy_read_buffer.hpp"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using parley::net::lazy_read_buffer;

/// A server websocket reading into a lazy_read_buffer, and a client on its own thread.
struct reader_pair {
    reader_pair() {
        tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0});
        client.next_layer().connect(acceptor.local_endpoint());
        server.next_layer() = acceptor.accept();
        std::thread handshake([&] { client.handshake("127.0.0.1", "/"); });
        server.accept();
        handshake.join();
    }

    /// Reads `count` messages on the server, releasing the buffer after each as the session does.
    std::vector<std::string> read(int count) {
        std::vector<std::string> got;
        std::function<void()> next = [&] {
            server.async_read(buffer, [&](beast::error_code ec, std::size_t) {
                ASSERT_FALSE(ec) << ec.message();
                got.emplace_back(buffer.text());
                buffer.release();
                if (static_cast<int>(got.size()) < count) next();
            });
        };
        next();
        ioc.run_for(std::chrono::seconds(5));
        ioc.restart();
        return got;
    }

    asio::io_context ioc;
    websocket::stream<tcp::socket> server{ioc};
    websocket::stream<tcp::socket> client{ioc};
    lazy_read_buffer buffer;
};

TEST(LazyReadBuffer, AReadThatWaitsHoldsAtMostOneByte) {
    reader_pair pair;
    bool done = false;
    pair.server.async_read(pair.buffer, [&](beast::error_code, std::size_t) { done = true; });
    pair.ioc.poll();  // the read is waiting for the socket now
    EXPECT_LE(pair.buffer.capacity(), 1u);
    std::thread writer([&] { pair.client.write(asio::buffer(std::string("hello"))); });
    pair.ioc.run_for(std::chrono::seconds(5));  // ends when the read does: nothing else waits
    writer.join();
    ASSERT_TRUE(done);
    EXPECT_EQ(pair.buffer.text(), "hello");
    pair.buffer.release();
    EXPECT_EQ(pair.buffer.capacity(), 0u);
}

TEST(LazyReadBuffer, MessagesThatArriveTogetherAreReadOneByOne) {
    reader_pair pair;
    // Three frames in one TCP segment: the second and third wait in Beast's own buffer.
    std::string wire;
    for (std::string text : {"one", "two", "three"}) {
        wire += static_cast<char>(0x81);  // FIN, text
        wire += static_cast<char>(0x80 | text.size());
        wire += std::string(4, '\0');  // mask key 0: payload as is
        wire += text;
    }
    asio::write(pair.client.next_layer(), asio::buffer(wire));
    EXPECT_EQ(pair.read(3), (std::vector<std::string>{"one", "two", "three"}));
}

TEST(LazyReadBuffer, FragmentedAndLargeMessagesArriveWhole) {
    reader_pair pair;
    const std::string large(200000, 'x');
    std::thread writer([&] {
        pair.client.auto_fragment(true);
        pair.client.write_buffer_bytes(4096);
        pair.client.write(asio::buffer(large));
        pair.client.write(asio::buffer(std::string()));  // an empty message
        pair.client.write(asio::buffer(std::string("after")));
    });
    const auto got = pair.read(3);
    writer.join();
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0], large);
    EXPECT_EQ(got[1], "");
    EXPECT_EQ(got[2], "after");
}

}  // namespace

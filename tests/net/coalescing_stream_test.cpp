#include "net/coalescing_stream.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket.hpp>

#include "net/text_frame.hpp"

namespace parley::net {
namespace {

namespace asio = boost::asio;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

/// A server-side WebSocket over coalescing_stream, connected to a plain Beast client.
struct socket_pair {
    explicit socket_pair(std::size_t high_water = 64 * 1024, int kernel_buffer = 0) {
        tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0});
        client.next_layer().connect(acceptor.local_endpoint());
        tcp::socket accepted = acceptor.accept();
        if (kernel_buffer > 0) {
            accepted.set_option(asio::socket_base::send_buffer_size(kernel_buffer));
            client.next_layer().socket().set_option(
                asio::socket_base::receive_buffer_size(kernel_buffer));
        }
        server.emplace(std::move(accepted), high_water);
        server->auto_fragment(false);
        bool accepted_ok = false;
        server->async_accept([&](beast::error_code ec) { accepted_ok = !ec; });
        std::thread handshake([&] { client.handshake("127.0.0.1", "/"); });
        ioc.run_for(std::chrono::seconds(5));
        ioc.restart();
        handshake.join();
        EXPECT_TRUE(accepted_ok);
    }

    asio::io_context ioc;
    websocket::stream<beast::tcp_stream> client{ioc};
    std::optional<websocket::stream<coalescing_stream>> server;
};

/// Writes messages through Beast back to back, each starting when the previous one completes.
void write_all(websocket::stream<coalescing_stream>& ws, std::vector<std::string>& messages,
               std::size_t& done) {
    if (done == messages.size()) return;
    ws.async_write(asio::buffer(messages[done]), [&](beast::error_code ec, std::size_t) {
        ASSERT_FALSE(ec) << ec.message();
        ++done;
        write_all(ws, messages, done);
    });
}

/// Appends a text frame the way websocket_session::send_here does.
void append_text(websocket::stream<coalescing_stream>& ws, std::string_view text) {
    ws.next_layer().append(text_frame_header(text.size()).bytes(), text);
}

TEST(CoalescingStream, ABurstAppendedInOneTurnLeavesInOneWrite) {
    socket_pair pair;
    std::vector<std::string> messages;
    for (int i = 0; i < 500; ++i) messages.push_back("message " + std::to_string(i));
    const auto before = pair.server->next_layer().socket_writes();  // the handshake's
    for (const auto& m : messages) append_text(*pair.server, m);    // one turn of the thread
    std::thread reader([&] {
        for (int i = 0; i < 500; ++i) {
            beast::flat_buffer b;
            pair.client.read(b);
            ASSERT_EQ(beast::buffers_to_string(b.cdata()), "message " + std::to_string(i));
        }
    });
    pair.ioc.run_for(std::chrono::seconds(10));
    reader.join();

    const auto writes = pair.server->next_layer().socket_writes() - before;
    EXPECT_EQ(writes, 1u) << "500 frames took " << writes << " socket writes";
}

TEST(CoalescingStream, AppendedFramesKeepTheirPlaceBesideBeastsOwnFrames) {
    socket_pair pair;
    append_text(*pair.server, std::string(300, 'a'));  // a 16-bit length header
    std::string beast_frame = "from beast";
    pair.server->async_write(asio::buffer(beast_frame), [](beast::error_code, std::size_t) {});
    pair.ioc.poll();  // Beast's frame is in the buffer now
    pair.ioc.restart();
    append_text(*pair.server, std::string(70000, 'c'));  // a 64-bit length header
    std::vector<std::string> received;
    std::thread reader([&] {
        for (int i = 0; i < 3; ++i) {
            beast::flat_buffer b;
            pair.client.read(b);
            received.push_back(beast::buffers_to_string(b.cdata()));
        }
    });
    pair.ioc.run_for(std::chrono::seconds(5));
    reader.join();
    ASSERT_EQ(received.size(), 3u);
    EXPECT_EQ(received[0], std::string(300, 'a'));
    EXPECT_EQ(received[1], "from beast");
    EXPECT_EQ(received[2], std::string(70000, 'c'));
    EXPECT_EQ(pair.server->next_layer().buffered(), 0u);
}

TEST(CoalescingStream, APeerThatStopsReadingHoldsWritersBack) {
    constexpr std::size_t high_water = 64 * 1024;
    socket_pair pair(high_water, 16 * 1024);
    std::vector<std::string> messages(256, std::string(16 * 1024, 'x'));  // 4 MiB in all
    std::size_t done = 0;
    write_all(*pair.server, messages, done);
    pair.ioc.run_for(std::chrono::milliseconds(500));  // nobody reads the client side
    const std::size_t accepted_bytes = done * messages[0].size();
    EXPECT_LT(done, messages.size());
    EXPECT_LT(accepted_bytes, 1024u * 1024u) << "buffered without bound";

    std::thread reader([&] {  // once the peer reads again, everything arrives
        for (std::size_t i = 0; i < messages.size(); ++i) {
            beast::flat_buffer b;
            pair.client.read(b);
            ASSERT_EQ(b.size(), messages[0].size());
        }
    });
    pair.ioc.restart();
    pair.ioc.run_for(std::chrono::seconds(10));
    reader.join();
    EXPECT_EQ(done, messages.size());
}

TEST(CoalescingStream, UncorkedWritesGoOutWithoutBeingAskedTo) {
    socket_pair pair;
    std::string ping = "solo";
    pair.server->async_write(asio::buffer(ping), [](beast::error_code, std::size_t) {});
    std::string received;
    std::thread reader([&] {
        beast::flat_buffer b;
        pair.client.read(b);
        received = beast::buffers_to_string(b.cdata());
    });
    pair.ioc.run_for(std::chrono::seconds(2));
    reader.join();
    EXPECT_EQ(received, "solo");
}

TEST(CoalescingStream, CloseFrameIsFlushedBeforeTeardown) {
    socket_pair pair;
    std::string hello = "last words";
    bool closed = false;
    pair.server->async_write(asio::buffer(hello), [&](beast::error_code, std::size_t) {
        pair.server->async_close(websocket::close_code::going_away,
                                 [&](beast::error_code) { closed = true; });
    });
    std::optional<int> code;
    std::string received;
    std::thread reader([&] {
        beast::flat_buffer b;
        pair.client.read(b);
        received = beast::buffers_to_string(b.cdata());
        beast::error_code ec;
        pair.client.read(b, ec);  // answers the close
        code = static_cast<int>(pair.client.reason().code);
    });
    pair.ioc.run_for(std::chrono::seconds(5));
    reader.join();
    EXPECT_EQ(received, "last words");
    EXPECT_EQ(code, 1001);
    EXPECT_TRUE(closed);
}

}  // namespace
}  // namespace parley::net

#pragma once
// A stream layer under Beast's WebSocket that sends a connection's queued frames together.
#include <atomic>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <cstddef>
#include <memory>
#include <string_view>
#include <utility>

#include "net/tls.hpp"

namespace parley::net {

class memory_trimmer;
namespace beast = boost::beast;

/// Wraps a TCP socket so that whatever is written during one turn of its thread leaves in one
/// system call.
///
/// Two kinds of writer share it. Beast writes its own frames (the handshake answer, pongs,
/// close) with async_write_some: those bytes are copied into the buffer and the write is reported
/// complete at once (posted, never inline). The connection appends ready-made frames with
/// append(), between Beast's whole frames. Either way the first bytes of a turn schedule one
/// socket write, posted, so everything added until it runs goes out together: a burst of N
/// frames costs one write instead of N. Once `high_water` bytes wait, Beast's writers are held
/// until the socket drains; append() never waits, and its caller bounds what it appends by
/// buffered(). Buffers are released when they empty out after a burst, so an idle connection
/// holds none. Reads pass straight through. Under TLS the same holds one layer up: a turn's
/// bytes are encrypted and written together. Lives on one thread, like the stream it wraps.
class coalescing_stream {
  public:
    using socket_type = boost::asio::ip::tcp::socket;
    using executor_type = socket_type::executor_type;
    using next_layer_type = socket_type;
    using write_handler = boost::asio::any_completion_handler<void(beast::error_code, std::size_t)>;
    using flush_handler = boost::asio::any_completion_handler<void(beast::error_code)>;

    /// Takes over a connected socket, bare (no timers: the socket is all it keeps) or under TLS
    /// with the handshake done; `high_water` bounds the bytes buffered here. Buffers
    /// released after a burst are reported to `trimmer`, if given; the bytes held (accepted, not
    /// yet written) are kept added into `queued_gauge`, if given. Both must outlive the stream.
    explicit coalescing_stream(transport&& connection, std::size_t high_water = 64 * 1024,
                               memory_trimmer* trimmer = nullptr,
                               std::atomic<std::int64_t>* queued_gauge = nullptr);
    coalescing_stream(coalescing_stream&&) = default;
    /// Closes the socket, so that a write still in flight ends.
    ~coalescing_stream();

    executor_type get_executor() noexcept;
    /// The TCP socket, under TLS too: Beast's lowest layer, what a timeout closes.
    socket_type& next_layer() noexcept;
    /// The TLS stream, or null on a bare socket.
    tls_stream* tls() noexcept;

    template <class MutableBufferSequence, class ReadHandler>
    void async_read_some(const MutableBufferSequence& buffers, ReadHandler&& handler) {
        if (auto* secure = tls())
            return secure->async_read_some(buffers, std::forward<ReadHandler>(handler));
        next_layer().async_read_some(buffers, std::forward<ReadHandler>(handler));
    }

    template <class ConstBufferSequence, class WriteHandler>
    auto async_write_some(const ConstBufferSequence& buffers, WriteHandler&& handler) {
        return boost::asio::async_initiate<WriteHandler, void(beast::error_code, std::size_t)>(
            [this](auto h, const ConstBufferSequence& b) {
                const std::size_t size = boost::asio::buffer_size(b);
                char* dest = reserve(size);
                boost::asio::buffer_copy(boost::asio::buffer(dest, size), b);
                accepted(size, write_handler(std::move(h)));
            },
            handler, buffers);
    }

    /// Appends bytes that are whole frames already, to go out with the next socket write.
    void append(std::string_view first, std::string_view second = {});
    /// Bytes accepted and not yet on the wire.
    std::size_t buffered() const noexcept;

    /// Completes once everything written so far is on the wire, or with the write's error.
    void async_flush(flush_handler handler);

    /// How many socket writes have been made; for tests and benchmarks.
    std::size_t socket_writes() const noexcept;
    /// How many socket writes have finished: it moves while the peer reads.
    std::size_t writes_completed() const noexcept;

  private:
    struct state;
    char* reserve(std::size_t size);
    void accepted(std::size_t size, write_handler handler);

    std::shared_ptr<state> state_;  // shared with in-flight socket writes
};

/// Beast's WebSocket teardown for this stream: flush, then tear down TLS (close_notify) or the
/// TCP socket.
void teardown(beast::role_type role, coalescing_stream& stream, beast::error_code& ec);

template <class TeardownHandler>
void async_teardown(beast::role_type role, coalescing_stream& stream, TeardownHandler&& handler) {
    // The close frame is still in our buffer: it must reach the wire before the shutdown.
    stream.async_flush(
        [&stream, role, h = std::forward<TeardownHandler>(handler)](beast::error_code) mutable {
            using beast::websocket::async_teardown;
            if (auto* secure = stream.tls()) return async_teardown(role, *secure, std::move(h));
            async_teardown(role, stream.next_layer(), std::move(h));
        });
}

}  // namespace parley::net

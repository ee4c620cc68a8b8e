#pragma once
// A message buffer for Beast's WebSocket reads that holds no memory while its connection idles.
#include <boost/beast/core/flat_buffer.hpp>
#include <cstddef>
#include <string_view>

namespace parley::net {

/// A DynamicBuffer (v1) for websocket::stream::async_read that costs nothing between messages.
///
/// Beast sizes a read's first prepare() by the room the buffer reports, up to a whole TCP frame
/// (1,536 bytes), and holds that memory for as long as the read waits: for an idle connection,
/// forever. This buffer reports room for one byte while it is empty, so the waiting read holds
/// one byte; once a message has begun it reports the real limit and Beast asks for the rest of
/// the frame in one piece. release() empties it and gives its memory back. Not thread-safe:
/// it belongs to one connection on its home thread.
class lazy_read_buffer {
    boost::beast::flat_buffer buffer_;

  public:
    using const_buffers_type = boost::beast::flat_buffer::const_buffers_type;
    using mutable_buffers_type = boost::beast::flat_buffer::mutable_buffers_type;

    std::size_t size() const noexcept { return buffer_.size(); }
    /// One byte while empty (see above); the flat buffer's own limit once a message has begun.
    std::size_t max_size() const noexcept { return size() == 0 ? 1 : buffer_.max_size(); }
    std::size_t capacity() const noexcept { return buffer_.capacity(); }
    const_buffers_type data() const noexcept { return buffer_.data(); }
    mutable_buffers_type prepare(std::size_t n) { return buffer_.prepare(n); }
    void commit(std::size_t n) noexcept { buffer_.commit(n); }
    void consume(std::size_t n) noexcept { buffer_.consume(n); }

    /// The bytes read so far, as text.
    std::string_view text() const noexcept {
        const auto d = buffer_.cdata();
        return {static_cast<const char*>(d.data()), d.size()};
    }
    /// Empties the buffer and frees its memory.
    void release() noexcept {
        buffer_.clear();
        buffer_.shrink_to_fit();
    }
};

}  // namespace parley::net

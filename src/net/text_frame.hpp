#pragma once
// The header of a server-to-client WebSocket text frame, encoded by Beast.
#include <boost/beast/websocket/detail/frame.hpp>
#include <cstddef>
#include <string_view>

namespace parley::net {

/// The header of one final, unmasked text frame carrying `payload_size` bytes.
///
/// Server frames are never masked, so a frame's bytes are the same for every recipient and a
/// broadcast needs no per-socket encoding: the connection appends this header and the shared
/// payload straight to its stream (see websocket_session::send_here). The header is written
/// by Beast's own frame encoder (`websocket::detail::write`, Boost 1.81 as packaged by
/// Debian 12), so no framing is written by hand. Plain value; any thread.
class text_frame_header {
  public:
    explicit text_frame_header(std::size_t payload_size) {
        namespace detail = boost::beast::websocket::detail;
        detail::frame_header fh{};
        fh.op = detail::opcode::text;
        fh.fin = true;
        fh.mask = false;
        fh.len = payload_size;
        detail::write(buffer_, fh);
    }
    /// The encoded header: 2, 4 or 10 bytes.
    std::string_view bytes() const {
        const auto data = buffer_.data();
        return {static_cast<const char*>(data.data()), data.size()};
    }

  private:
    boost::beast::websocket::detail::fh_buffer buffer_;
};

}  // namespace parley::net

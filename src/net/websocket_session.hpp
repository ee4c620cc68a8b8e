#pragma once
// One client's WebSocket connection: reads requests, writes events through a bounded queue.
#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <memory>
#include <vector>

#include "chat/connection.hpp"
#include "net/coalescing_stream.hpp"
#include "net/lazy_read_buffer.hpp"
#include "net/server_context.hpp"
#include "throttle/token_bucket.hpp"

namespace parley::net {

namespace beast = boost::beast;
namespace websocket = beast::websocket;

/// The close code of a socket whose session ended (signed out, expired, password changed): one
/// of the codes RFC 6455 leaves to applications, so a client can tell it from a network drop and
/// sign in again instead of reconnecting.
inline constexpr auto session_ended_close = static_cast<websocket::close_code>(4001);

/// A signed-in WebSocket connection.
///
/// All of its state lives on its home thread (one of the network threads, each with its own
/// io_context); other threads reach it only through send() and shutdown(), which post there.
/// Text frames go to the chat service in arrival order. Outgoing frames are appended, header
/// and shared payload, to the stream's buffer, and whatever a turn of the thread appended
/// leaves in one socket write. What waits, on its way here or in that buffer, is bounded in
/// bytes; a client that falls further behind is closed with 1008 rather than allowed to grow
/// the server's memory. Binary frames close with 1003, frames
/// over the size limit with 1009, and a client that answers no ping for a whole interval is
/// dropped. However it ends, the chat service is told exactly once. A client with too many
/// requests still waiting in the server is not read from until half of them are done, so a
/// flood cannot grow the server's queues without bound.
class websocket_session final : public chat::connection,
                                public std::enable_shared_from_this<websocket_session> {
  public:
    /// `session` is the hash of the token the client signed in with (see auth::token_hash).
    /// `home` is the index of the network thread whose io_context `connection` belongs to.
    /// `slot` is its place under the connection caps, given back when it is destroyed.
    websocket_session(transport&& connection, server_context& ctx, unsigned home, store::user user,
                      std::string session, connection_caps::slot slot);
    ~websocket_session() override;

    /// Completes the upgrade `req` asked for and starts reading.
    void run(beast::http::request<beast::http::string_body> req);
    /// Closes with 1001 (going away). Any thread.
    void shutdown();
    /// Closes with 4001 ("session ended") because the session ended. Any thread.
    void end_session();
    /// Closes with 1008 and `reason` (a string literal). Any thread.
    void close_for_abuse(const char* reason) override;
    /// The hash of this connection's session token.
    const std::string& session() const { return session_; }

    chat::send_status send(chat::frame f) override;
    void send_here(const chat::frame& f) override;
    unsigned home() const override { return home_; }
    void request_done() override;
    chat::id_t user_id() const override { return user_id_; }
    const std::string& username() const override { return username_; }
    const std::string& client_id() const override { return client_id_; }
    bool watches_rooms() const override { return watches_rooms_; }

  private:
    void on_accept(beast::error_code ec);
    void do_read();
    void on_read(beast::error_code ec, std::size_t bytes);
    void overflow();
    /// Starts a close handshake; after `grace` the socket is closed regardless.
    void close_with(websocket::close_code code, const char* reason,
                    std::chrono::steady_clock::duration grace);
    void finish();

    // Frames queued together leave together. No permessage-deflate (false): Parley never offers
    // it, and without it each stream is smaller and no zlib state can be asked for.
    websocket::stream<coalescing_stream, false> ws_;
    lazy_read_buffer buffer_;  // empty and unallocated between messages
    server_context& ctx_;
    const unsigned home_;
    const chat::id_t user_id_;  // only what the connection needs of its user
    const std::string username_;
    const std::string client_id_;
    const std::string session_;
    connection_caps::slot slot_;  // under the caps while this lives
    boost::asio::steady_timer close_timer_;
    throttle::token_bucket pings_;  // home thread: ping frames this client may still send

    std::atomic<int> requests_in_flight_{0};    // handed to the chat service, not yet done
    std::atomic<std::size_t> posted_bytes_{0};  // frames posted here by send(), not yet appended
    std::atomic<bool> overflowed_{false};
    // Home thread only: since when the buffered bytes have been over stalled_reader_bytes with
    // no socket write finishing (epoch: not over), and the write count then.
    std::chrono::steady_clock::time_point over_since_{};
    std::uint32_t over_at_writes_ = 0;
    bool watches_rooms_ = true;  // set by run(), before the chat service hears of it
    // Home thread only: the 101 answer is written. Until then frames wait in early_frames_, so
    // that an event about something the client did right after the answer is never missed.
    bool accepted_ = false;
    std::vector<chat::frame> early_frames_;
    std::size_t early_bytes_ = 0;
    bool closing_ = false;         // home thread only
    bool finished_ = false;        // home thread only
    bool reading_paused_ = false;  // home thread only: too many requests in flight
};

}  // namespace parley::net

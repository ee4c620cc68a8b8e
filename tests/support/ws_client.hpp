#pragma once
// A real WebSocket client for tests (Beast), reading on its own thread into an inbox.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace parley::testing {

using namespace std::chrono_literals;

/// How a handshake went.
struct handshake_result {
    bool upgraded = false;
    int status = 0;  ///< HTTP status of a refused handshake
};

/// One client connection to /ws.
class ws_client {
  public:
    /// Connects to 127.0.0.1:port/ws with the given headers (e.g. Authorization, Origin).
    /// `read` false leaves the socket unread, so pings go unanswered (a frozen client).
    ws_client(unsigned short port, std::map<std::string, std::string> headers, bool read = true,
              std::string target = "/ws");
    ~ws_client();

    const handshake_result& handshake() const { return handshake_; }

    void send_text(const std::string& text);
    void send_json(const boost::json::value& v) { send_text(boost::json::serialize(v)); }
    void send_binary(const std::string& data);
    /// Sends a WebSocket ping control frame and waits (up to 5 s) for it to go out.
    void ping();

    /// The next frame received, or nullopt after `timeout` (or once closed). A frame that
    /// docs/protocol.schema.json does not allow as an event fails the running test.
    std::optional<boost::json::value> next(std::chrono::milliseconds timeout = 5s);
    /// Skips frames until one of `type` arrives; nullopt on timeout.
    std::optional<boost::json::value> next_of(const std::string& type,
                                              std::chrono::milliseconds timeout = 5s);
    /// True if no frame arrives within `quiet`.
    bool silent_for(std::chrono::milliseconds quiet) { return !next(quiet).has_value(); }

    /// Waits for the server to close; returns the close code, or nullopt on timeout.
    std::optional<int> wait_closed(std::chrono::milliseconds timeout = 5s);
    /// Closes from this side (normal closure) and waits for the reader to stop.
    void close();
    /// Drops the TCP connection without a close handshake.
    void drop();

  private:
    void do_read();
    /// Writes one frame from the client's thread and waits (up to 5 s) for it to go out.
    void send_frame(const std::string& data, bool binary);

    boost::asio::io_context ioc_;
    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
    boost::beast::flat_buffer buffer_;
    handshake_result handshake_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::thread thread_;

    std::mutex mutex_;
    std::condition_variable arrived_;
    std::deque<std::string> inbox_;  // GUARDED_BY(mutex_)
    bool closed_ = false;            // GUARDED_BY(mutex_)
    std::optional<int> close_code_;  // GUARDED_BY(mutex_)
};

}  // namespace parley::testing

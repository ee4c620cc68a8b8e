#pragma once
// One hiredis asynchronous connection driven by a Boost.Asio io_context. Internal to bus/redis/.
#include <hiredis/async.h>

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace parley::bus::redis {

/// A Redis connection on one io_context thread: every method, and every callback, runs there.
///
/// hiredis does the protocol (commands out, replies parsed); this class only tells it when its
/// socket can be read or written, through Asio's reactor (stream_descriptor::async_wait), and
/// reports the connection's end once. Not thread-safe: use it from the io_context's thread only.
class redis_connection {
  public:
    /// Called with each reply of a command (nullptr when the connection ended first).
    using reply_handler = std::function<void(redisReply*)>;
    /// Called once when the connection is up (true) or could not be made (false).
    using connect_handler = std::function<void(bool ok, const std::string& why)>;
    /// Called once when an established connection ends, with the reason.
    using end_handler = std::function<void(const std::string& why)>;

    /// Starts connecting to host:port; `on_connect` reports the outcome.
    static std::shared_ptr<redis_connection> connect(boost::asio::io_context& ioc,
                                                     const std::string& host, int port,
                                                     connect_handler on_connect,
                                                     end_handler on_end);
    ~redis_connection();
    redis_connection(const redis_connection&) = delete;
    redis_connection& operator=(const redis_connection&) = delete;

    /// Queues a command (its arguments as binary-safe strings); hiredis sends every queued
    /// command in as few writes as the socket takes. `on_reply` (if any) runs once. False when
    /// the connection is gone.
    bool command(const std::vector<std::string_view>& args, reply_handler on_reply = {});
    /// Queues SUBSCRIBE or UNSUBSCRIBE with its channels; their confirmations and every message
    /// of the subscribed channels go to `on_message` (set once, before the first).
    bool subscription(const std::vector<std::string_view>& args);
    void on_message(reply_handler h) { on_message_ = std::move(h); }
    /// Whether commands can be sent.
    bool up() const { return context_ != nullptr && connected_; }

  private:
    struct watcher;
    redis_connection(connect_handler on_connect, end_handler on_end);

    static void on_connected(const redisAsyncContext* c, int status);
    static void on_disconnected(const redisAsyncContext* c, int status);
    static void on_reply(redisAsyncContext* c, void* reply, void* privdata);
    static void on_subscription(redisAsyncContext* c, void* reply, void* privdata);
    bool send(const std::vector<std::string_view>& args, redisCallbackFn* fn, void* privdata);

    connect_handler on_connect_;
    end_handler on_end_;
    reply_handler on_message_;
    redisAsyncContext* context_ = nullptr;
    std::shared_ptr<watcher> watcher_;
    bool connected_ = false;
};

}  // namespace parley::bus::redis

#pragma once
// What the chat core needs of one live client connection, whatever carries it.
#include <atomic>
#include <string>

#include "chat/protocol.hpp"

namespace parley::chat {

/// Whether a frame handed to send() was queued or refused because the client is too slow.
enum class send_status { queued, dropped };

/// One signed-in client connection. Implementations must make send() and close() safe to call
/// from any thread and non-blocking.
class connection {
  public:
    virtual ~connection() = default;

    /// Queues a frame for the client. A client whose queue is over its bound is disconnected
    /// and the frame dropped; that is reported, never blocked on.
    virtual send_status send(frame f) = 0;

    /// The signed-in user this connection acts for.
    virtual id_t user_id() const = 0;
    virtual const std::string& username() const = 0;
    /// The network thread this connection lives on: an index into shard_services::homes.
    /// Fixed for the connection's life.
    virtual unsigned home() const { return 0; }
    /// Queues a frame like send(), but only from the home thread (the room fan-out calls it
    /// there, once per recipient of each frame, in a loop that must stay cheap).
    virtual void send_here(const frame& f) { send(f); }

    /// A unique id of this connection (a UUID), for `member_joined`.
    virtual const std::string& client_id() const = 0;

    /// Closes the connection with 1008 (policy violation) for abuse: too many requests over a
    /// rate limit, or too much garbage. Any thread; returns at once.
    virtual void close_for_abuse(const char* reason) = 0;

    /// One request handed to chat_service::on_text has been fully handled (answered, stored or
    /// refused). Called exactly once per on_text, from any thread; lets the connection bound
    /// how many of its requests wait in the server at once.
    virtual void request_done() {}

    /// Whether the connection hears about its user's rooms it has not joined (room_activity,
    /// room_added, room_removed). A client that only chats in the rooms it joins (a bot, a page
    /// with a separate room-list socket) opts out with `/ws?activity=off`. Fixed for its life.
    virtual bool watches_rooms() const { return true; }

    /// Marks the connection closed for the chat core (chat_service::on_closed does, before it
    /// tells the shards): work that arrives for it later is dropped. Any thread.
    void mark_closed() { closed_.store(true, std::memory_order_release); }
    [[nodiscard]] bool closed() const { return closed_.load(std::memory_order_acquire); }

  private:
    std::atomic<bool> closed_{false};
};

}  // namespace parley::chat

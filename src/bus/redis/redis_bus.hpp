#pragma once
// The bus of several nodes: Redis pub/sub, one channel per room and one for control events.
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "bus/bus.hpp"

struct redisReply;

namespace parley::bus::redis {

class redis_connection;

/// Where a Redis server is, from a URL such as "redis://127.0.0.1:6379".
struct redis_address {
    std::string host;
    int port = 6379;
    /// Starts every channel and key name, so that several deployments can share one Redis.
    std::string prefix = "parley:";
};
/// Parses a redis:// URL; nullopt with `why` filled when it is not one this bus can use.
std::optional<redis_address> parse_redis_url(const std::string& url, std::string& why);

/// A bus::bus over one Redis server, with a thread of its own.
///
/// A frame goes out as one PUBLISH on the room's channel ("<prefix>room:<id>", payload
/// "<node>:<seq>:<frame>"); control events as JSON on "<prefix>control"; peer messages on
/// "<prefix>peers" ("<node>:<payload>"; only other nodes hear them). This node's own
/// frames and events reach its receiver straight from the bus thread, never through Redis (the
/// echo is dropped), so a node's local delivery goes on while Redis is away. Subscriptions are one
/// per room per node, on one subscriber connection, gathered into one SUBSCRIBE (or UNSUBSCRIBE)
/// per turn of the bus thread. Publishing never waits: what is published while Redis is away is
/// dropped (the receivers' seq gates refill from the message log). When a connection breaks,
/// both are reopened with backoff (50 ms doubling to 2 s) and every room is subscribed again.
/// Deliveries run on the bus thread. Every method is thread-safe and never blocks on the
/// network; attach() waits for a delivery in progress, the destructor for the thread's end, and
/// wait_until_subscribed() (tests, startup) for Redis.
class redis_bus final : public bus {
  public:
    explicit redis_bus(redis_address address);
    ~redis_bus() override;
    redis_bus(const redis_bus&) = delete;
    redis_bus& operator=(const redis_bus&) = delete;

    void attach(receiver* r) override;
    void publish(id_t room, std::int64_t seq, room_event e) override;
    void publish_control(const control_event& e) override;
    void subscribe(id_t room) override;
    void unsubscribe(id_t room) override;
    void attach_peers(peer_listener* l) override;
    void publish_to_peers(std::string payload) override;

    /// Blocks until every subscription asked for so far is confirmed by Redis, or `timeout`
    /// passes; whether it was. Never call it from the bus thread.
    bool wait_until_subscribed(std::chrono::milliseconds timeout);
    /// Whether both connections are up now.
    bool healthy() const override { return connected_; }
    std::uint64_t publishes_dropped() const override { return dropped_; }

  private:
    struct change {
        id_t room;
        bool subscribe;
    };
    /// What publish() or publish_control() handed over, on its way to Redis and to this node.
    struct outgoing {
        std::string channel, payload;
        id_t room = 0;
        std::int64_t seq = 0;
        room_event event;
        std::optional<control_event> control;
    };
    void enqueue(outgoing o);
    /// Hands a subscription change to the bus thread, which applies a turn's changes together.
    void queue_change(change c);
    /// Runs `f` on the bus thread and waits for it (at once when called there).
    template <class F>
    void on_bus_thread(F&& f);
    void connect();  // bus thread
    void on_connection_lost(const std::string& why);
    void flush_outbox();   // bus thread
    void apply_changes();  // bus thread
    void send_subscriptions(const char* command, const std::vector<std::string>& channels);
    void on_message(::redisReply* reply);
    void on_subscriber_ready();
    std::string room_channel(id_t room) const;
    std::optional<id_t> room_of(std::string_view channel) const;

    const redis_address address_;
    const std::string room_prefix_, control_channel_, peers_channel_;
    const std::string node_;  // this node's id in what it publishes: its echo is dropped
    boost::asio::io_context ioc_;
    boost::asio::steady_timer retry_timer_{ioc_};
    std::chrono::milliseconds backoff_{0};
    std::shared_ptr<redis_connection> publisher_, subscriber_;  // bus thread
    std::unordered_set<id_t> rooms_;                            // bus thread: subscribed rooms
    std::vector<id_t> confirmed_;     // bus thread: subscriptions Redis confirmed, not yet told
    receiver* receiver_ = nullptr;    // bus thread
    peer_listener* peers_ = nullptr;  // bus thread
    bool peers_ready_ = false;        // bus thread: the peers channel is subscribed
    std::atomic<bool> connected_{false};
    std::atomic<std::uint64_t> dropped_{0};  // publishes made while Redis was away

    std::mutex mutex_;
    std::vector<outgoing> outbox_;                         // GUARDED_BY(mutex_)
    std::vector<change> changes_;                          // GUARDED_BY(mutex_)
    bool outbox_posted_ = false, changes_posted_ = false;  // GUARDED_BY(mutex_)
    std::atomic<long> awaiting_replies_{0};  // channels (un)subscribed, not yet confirmed

    std::thread thread_;  // last: starts once everything above exists
};

}  // namespace parley::bus::redis

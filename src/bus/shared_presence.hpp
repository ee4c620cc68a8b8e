#pragma once
// Presence shared by every node through the bus: this node's counts, and a mirror of the others.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "bus/bus.hpp"
#include "bus/presence.hpp"
#include "config.hpp"

namespace parley::bus {

/// How often a node announces its state, and when a silent node counts as dead.
struct presence_timing {
    std::chrono::milliseconds heartbeat = limits::presence_heartbeat;
    std::chrono::milliseconds node_timeout = limits::presence_node_timeout;
};

/// The presence of a deployment, as one node sees it.
///
/// This node's connections are counted here; every change that shows outside (a user's first
/// or last connection, in a room or at all) goes to the other nodes at once as a peer message
/// on the bus, and every `heartbeat` the node announces its whole state. Each node mirrors what
/// the others announced, so online() and online_in() answer from memory, never from Redis. A
/// node unheard for `node_timeout` is dropped from the mirror, and its users leave the rooms
/// they were in only through it (presence_listener). After the bus reconnects, the node says
/// hello: every node answers with its state, so changes lost while Redis was away are put
/// right at once; while the bus is down no node is dropped. While no other node is known
/// nothing but hellos is published: a node alone is plain local counting. Thread-safe; messages of
/// one node leave in the order of its changes.
class shared_presence final : public presence, public peer_listener {
  public:
    /// Runs its heartbeat on `timer_executor`; `b` must outlive it.
    shared_presence(bus& b, boost::asio::any_io_executor timer_executor,
                    presence_timing timing = {});

    /// Listens to the other nodes and starts the heartbeat. Call once.
    void start();
    /// Stops listening and the heartbeat. Call from the timer's thread or once it has stopped.
    void stop();

    void attach(presence_listener* l) override;
    void connected(id_t user) override;
    void disconnected(id_t user) override;
    bool online(id_t user) const override;
    bool entered(id_t room, const present_user& user) override;
    bool left(id_t room, id_t user) override;
    std::unordered_set<id_t> online_in(id_t room) const override;

    void on_peer_message(std::string_view node, std::string_view payload) override;
    void on_peers_reconnected() override;

  private:
    using clock = std::chrono::steady_clock;
    /// Users present in rooms: room -> user -> name.
    using room_users = std::unordered_map<id_t, std::unordered_map<id_t, std::string>>;
    /// What another node last said it has.
    struct peer {
        clock::time_point heard;
        std::unordered_set<id_t> online;
        room_users rooms;
    };
    /// A user's connections in a room on this node.
    struct local_entry {
        int connections = 0;
        std::string name;
    };
    /// A (room, user) whose presence a peer's message changed, for the listener.
    struct change {
        id_t room, user;
        std::string name, client_id;
        bool present;
    };

    bool present_in(id_t room, id_t user) const;  // REQUIRES(mutex_)
    std::string state_message() const;            // REQUIRES(mutex_)
    void replace_state(peer& p, room_users rooms, std::vector<change>& changes);
    void drop_silent_peers(std::vector<change>& changes);  // REQUIRES(mutex_)
    void notify(const std::vector<change>& changes);
    /// Applies a change under mutex_ and publishes the message `make(tell)` returns (empty:
    /// none); `tell` says whether any other node is known. publish_mutex_ keeps this node's order.
    template <class MakeMessage>
    void publish_change(MakeMessage&& make);
    /// Announces this node's state from the timer's thread (after a hello if `hello`).
    void post_announce(bool hello);
    void announce(bool hello);  // timer thread
    void arm();                 // timer thread
    void tick();                // timer thread

    bus& bus_;
    boost::asio::any_io_executor executor_;
    boost::asio::steady_timer timer_;
    const presence_timing timing_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // reset by stop()

    std::mutex publish_mutex_;  // taken before mutex_, never after
    mutable std::mutex mutex_;
    presence_listener* listener_ = nullptr;      // GUARDED_BY(mutex_)
    std::unordered_map<id_t, int> connections_;  // GUARDED_BY(mutex_)
    std::unordered_map<id_t, std::unordered_map<id_t, local_entry>> local_rooms_;  // GUARDED_BY
    std::unordered_map<std::string, peer> peers_;  // GUARDED_BY(mutex_)
};

}  // namespace parley::bus

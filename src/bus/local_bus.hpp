#pragma once
// The in-process bus: one node, or several nodes inside one process (tests).
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "bus/bus.hpp"

namespace parley::bus {

class local_bus;

/// Connects the local_bus nodes of one process, as Redis connects real ones.
class local_hub {
  public:
    /// Hands an event to every node subscribed to `room`.
    void publish(id_t room, std::int64_t seq, const room_event& e);
    /// Hands a control event to every node.
    void publish_control(const control_event& e);
    /// Hands a peer message of `from` to every other node.
    void publish_to_peers(const local_bus* from, std::string_view payload);

  private:
    friend class local_bus;
    void add(local_bus* node);
    void remove(local_bus* node);
    std::vector<local_bus*> nodes() const;

    mutable std::mutex mutex_;
    std::vector<local_bus*> nodes_;  // GUARDED_BY(mutex_)
    int next_node_ = 1;              // GUARDED_BY(mutex_): names the nodes in peer messages
};

/// One node's side of a local_hub. Deliveries run on the publishing thread, never under a lock,
/// so a receiver may publish or subscribe from inside one. Destroy a node only once nothing
/// publishes any more (server shutdown).
class local_bus final : public bus {
  public:
    explicit local_bus(std::shared_ptr<local_hub> hub = std::make_shared<local_hub>());
    ~local_bus() override;
    local_bus(const local_bus&) = delete;
    local_bus& operator=(const local_bus&) = delete;

    void attach(receiver* r) override;
    void publish(id_t room, std::int64_t seq, room_event e) override;
    void publish_control(const control_event& e) override;
    void subscribe(id_t room) override;
    void unsubscribe(id_t room) override;
    /// Tells `l` at once that the bus is connected.
    void attach_peers(peer_listener* l) override;
    void publish_to_peers(std::string payload) override;

  private:
    friend class local_hub;
    void deliver(id_t room, std::int64_t seq, const room_event& e);
    void deliver_control(const control_event& e);
    void deliver_peer_message(std::string_view node, std::string_view payload);

    std::shared_ptr<local_hub> hub_;
    std::string name_;  // set by the hub
    mutable std::mutex mutex_;
    receiver* receiver_ = nullptr;    // GUARDED_BY(mutex_)
    peer_listener* peers_ = nullptr;  // GUARDED_BY(mutex_)
    std::unordered_set<id_t> rooms_;  // GUARDED_BY(mutex_)
};

}  // namespace parley::bus

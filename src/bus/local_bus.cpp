#include "bus/local_bus.hpp"

#include <algorithm>

namespace parley::bus {

void local_hub::add(local_bus* node) {
    std::lock_guard lock(mutex_);
    node->name_ = "local-" + std::to_string(next_node_++);
    nodes_.push_back(node);
}

void local_hub::remove(local_bus* node) {
    std::lock_guard lock(mutex_);
    std::erase(nodes_, node);
}

std::vector<local_bus*> local_hub::nodes() const {
    std::lock_guard lock(mutex_);
    return nodes_;
}

void local_hub::publish(id_t room, std::int64_t seq, const room_event& e) {
    for (auto* node : nodes()) node->deliver(room, seq, e);
}

void local_hub::publish_control(const control_event& e) {
    for (auto* node : nodes()) node->deliver_control(e);
}

void local_hub::publish_to_peers(const local_bus* from, std::string_view payload) {
    for (auto* node : nodes())
        if (node != from) node->deliver_peer_message(from->name_, payload);
}

local_bus::local_bus(std::shared_ptr<local_hub> hub) : hub_(std::move(hub)) { hub_->add(this); }

local_bus::~local_bus() { hub_->remove(this); }

void local_bus::attach(receiver* r) {
    std::lock_guard lock(mutex_);
    receiver_ = r;
}

void local_bus::publish(id_t room, std::int64_t seq, room_event e) { hub_->publish(room, seq, e); }

void local_bus::publish_control(const control_event& e) { hub_->publish_control(e); }

void local_bus::attach_peers(peer_listener* l) {
    {
        std::lock_guard lock(mutex_);
        peers_ = l;
    }
    if (l) l->on_peers_reconnected();
}

void local_bus::publish_to_peers(std::string payload) { hub_->publish_to_peers(this, payload); }

void local_bus::subscribe(id_t room) {
    std::lock_guard lock(mutex_);
    rooms_.insert(room);
}

void local_bus::unsubscribe(id_t room) {
    std::lock_guard lock(mutex_);
    rooms_.erase(room);
}

void local_bus::deliver(id_t room, std::int64_t seq, const room_event& e) {
    receiver* r = nullptr;
    {
        std::lock_guard lock(mutex_);
        if (rooms_.contains(room)) r = receiver_;
    }
    if (r) r->on_frame(room, seq, e);
}

void local_bus::deliver_control(const control_event& e) {
    receiver* r = nullptr;
    {
        std::lock_guard lock(mutex_);
        r = receiver_;
    }
    if (r) r->on_control(e);
}

void local_bus::deliver_peer_message(std::string_view node, std::string_view payload) {
    peer_listener* l = nullptr;
    {
        std::lock_guard lock(mutex_);
        l = peers_;
    }
    if (l) l->on_peer_message(node, payload);
}

}  // namespace parley::bus

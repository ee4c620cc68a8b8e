#include "bus/local_presence.hpp"

namespace parley::bus {
namespace {

/// Decrements a count, erasing it at zero; returns whether the map is now empty.
template <class Map, class Key>
bool decrement(Map& counts, const Key& key) {
    if (auto it = counts.find(key); it != counts.end() && --it->second <= 0) counts.erase(it);
    return counts.empty();
}

}  // namespace

void local_presence::connected(id_t user) {
    std::lock_guard lock(mutex_);
    ++connections_[user];
}

void local_presence::disconnected(id_t user) {
    std::lock_guard lock(mutex_);
    decrement(connections_, user);
}

bool local_presence::online(id_t user) const {
    std::lock_guard lock(mutex_);
    return connections_.contains(user);
}

void local_presence::entered(id_t room, id_t user) {
    std::lock_guard lock(mutex_);
    ++rooms_[room][user];
}

void local_presence::left(id_t room, id_t user) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(room);
    if (it != rooms_.end() && decrement(it->second, user)) rooms_.erase(it);
}

std::unordered_set<id_t> local_presence::online_in(id_t room) const {
    std::lock_guard lock(mutex_);
    std::unordered_set<id_t> out;
    if (auto it = rooms_.find(room); it != rooms_.end())
        for (const auto& [user, _] : it->second) out.insert(user);
    return out;
}

}  // namespace parley::bus

#include "chat/presence.hpp"

namespace parley::chat {

void presence::connected(store::id_t user) {
    std::lock_guard lock(mutex_);
    ++connections_[user];
}

void presence::disconnected(store::id_t user) {
    std::lock_guard lock(mutex_);
    auto it = connections_.find(user);
    if (it != connections_.end() && --it->second <= 0) connections_.erase(it);
}

bool presence::online(store::id_t user) const {
    std::lock_guard lock(mutex_);
    return connections_.contains(user);
}

}  // namespace parley::chat

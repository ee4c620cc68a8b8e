#pragma once
// Who is connected to this server right now, by user.
#include <mutex>
#include <unordered_map>

#include "store/types.hpp"

namespace parley::chat {

/// Counts each user's open WebSocket connections. Thread-safe; a user is online while the
/// count is above zero, so several tabs or devices count once.
class presence {
public:
    void connected(store::id_t user);
    void disconnected(store::id_t user);
    [[nodiscard]] bool online(store::id_t user) const;

private:
    mutable std::mutex mutex_;
    std::unordered_map<store::id_t, int> connections_;  // GUARDED_BY(mutex_)
};

}  // namespace parley::chat

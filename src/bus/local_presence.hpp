#pragma once
// Presence kept in this process: right for a single node.
#include <mutex>
#include <unordered_map>

#include "bus/presence.hpp"

namespace parley::bus {

/// Counts connections per user and per (room, user) under one mutex.
class local_presence final : public presence {
  public:
    void connected(id_t user) override;
    void disconnected(id_t user) override;
    bool online(id_t user) const override;
    void entered(id_t room, id_t user) override;
    void left(id_t room, id_t user) override;
    std::unordered_set<id_t> online_in(id_t room) const override;

  private:
    mutable std::mutex mutex_;
    std::unordered_map<id_t, int> connections_;                      // GUARDED_BY(mutex_)
    std::unordered_map<id_t, std::unordered_map<id_t, int>> rooms_;  // GUARDED_BY(mutex_)
};

}  // namespace parley::bus

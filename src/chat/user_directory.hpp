#pragma once
// Which of this node's connections belong to which user.
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "chat/connection.hpp"

namespace parley::chat {

/// The open connections of this node by user, so that events addressed to a user (a read
/// marker, a room added) reach each of their sockets. Thread-safe: one mutex, taken when a
/// connection opens or closes and per user event, never per room message.
class user_directory {
  public:
    /// Registers an open connection.
    void add(const std::shared_ptr<connection>& c);
    /// Forgets a connection; returns whether it was registered.
    bool remove(const connection& c);
    /// The user's open connections on this node.
    [[nodiscard]] std::vector<std::shared_ptr<connection>> of(id_t user) const;
    /// Whether the connection is registered (open).
    [[nodiscard]] bool contains(const connection& c) const;

  private:
    mutable std::mutex mutex_;
    std::unordered_map<id_t, std::vector<std::shared_ptr<connection>>> by_user_;  // GUARDED_BY
};

}  // namespace parley::chat

#pragma once
// How many WebSockets one user and one address may hold open on this node.
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "failure.hpp"
#include "store/types.hpp"

namespace parley::net {

/// Counts open connections per user and per client address and refuses one past either cap:
/// the server keeps one for WebSockets and one for HTTP connections not (yet) upgraded.
/// Thread-safe; must outlive every slot it hands out.
class connection_caps {
  public:
    /// One counted connection; gives its place back when destroyed. Movable.
    class slot {
      public:
        slot() = default;
        slot(slot&& o) noexcept { *this = std::move(o); }
        slot& operator=(slot&& o) noexcept;
        ~slot() { release(); }

      private:
        friend class connection_caps;
        slot(connection_caps* caps, store::id_t user, std::string ip)
            : caps_(caps), user_(user), ip_(std::move(ip)) {}
        void release();
        connection_caps* caps_ = nullptr;
        store::id_t user_ = 0;
        std::string ip_;
    };

    connection_caps(std::size_t per_user, std::size_t per_ip)
        : per_user_(per_user), per_ip_(per_ip) {}

    /// A place for a new connection of `user` from `ip`, or 429 too_many_connections. User 0
    /// counts by address only (connections not signed in yet).
    [[nodiscard]] outcome<slot> open(store::id_t user, const std::string& ip);
    /// Open connections of a user, for tests.
    [[nodiscard]] std::size_t of_user(store::id_t user) const;

  private:
    void close(store::id_t user, const std::string& ip);

    const std::size_t per_user_, per_ip_;
    mutable std::mutex mutex_;
    std::unordered_map<store::id_t, std::size_t> users_;  // GUARDED_BY(mutex_)
    std::unordered_map<std::string, std::size_t> ips_;    // GUARDED_BY(mutex_)
};

}  // namespace parley::net

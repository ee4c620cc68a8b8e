#pragma once
// Who is online: connected to the server, and present in a room.
#include <cstdint>
#include <unordered_set>

namespace parley::bus {

/// Presence by user, never by socket: several tabs or devices count once. REST's `online`
/// flags read online(); room member lists read online_in(). Thread-safe; never blocks on I/O.
using id_t = std::int64_t;

class presence {
  public:
    virtual ~presence() = default;

    /// A connection of `user` opened / closed. Calls must pair up.
    virtual void connected(id_t user) = 0;
    virtual void disconnected(id_t user) = 0;
    /// Whether `user` has at least one open connection.
    [[nodiscard]] virtual bool online(id_t user) const = 0;

    /// `user` now has a connection in `room` / no longer has one. Calls must pair up.
    virtual void entered(id_t room, id_t user) = 0;
    virtual void left(id_t room, id_t user) = 0;
    /// Users with at least one connection in `room`.
    [[nodiscard]] virtual std::unordered_set<id_t> online_in(id_t room) const = 0;
};

}  // namespace parley::bus

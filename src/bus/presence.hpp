#pragma once
// Who is online: connected to some node, and present in a room.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

namespace parley::bus {

using id_t = std::int64_t;

/// A user as room presence names them to clients.
struct present_user {
    id_t id = 0;
    std::string_view name;
    /// The connection that made the user present, for member_joined; empty when not known.
    std::string_view client_id;
};

/// Hears that a user became present in a room, or stopped being present, because of what
/// happened on another node (a node's own changes are answered by entered() and left()). Called
/// from the bus's or the presence's threads, never under a presence lock; must not block.
class presence_listener {
  public:
    virtual ~presence_listener() = default;
    virtual void on_presence_changed(id_t room, const present_user& user, bool present) = 0;
};

/// Presence by user, never by socket: several tabs, devices or nodes count once. REST's
/// `online` flags read online(); room member lists read online_in(). Thread-safe; never
/// blocks on I/O.
class presence {
  public:
    virtual ~presence() = default;

    /// Sets who hears of other nodes' changes; nullptr before it goes away.
    virtual void attach(presence_listener* l) = 0;

    /// A connection of `user` on this node opened / closed. Calls must pair up.
    virtual void connected(id_t user) = 0;
    virtual void disconnected(id_t user) = 0;
    /// Whether `user` has at least one open connection on any node.
    [[nodiscard]] virtual bool online(id_t user) const = 0;

    /// `user` now has a connection in `room` on this node / no longer has one there. Calls for
    /// one (room, user) must pair up and come one at a time. Each says whether the user's
    /// presence in the room changed for the whole deployment (then this node announces
    /// member_joined / member_left to its own connections).
    virtual bool entered(id_t room, const present_user& user) = 0;
    virtual bool left(id_t room, id_t user) = 0;
    /// Users with at least one connection in `room` on any node.
    [[nodiscard]] virtual std::unordered_set<id_t> online_in(id_t room) const = 0;
};

}  // namespace parley::bus

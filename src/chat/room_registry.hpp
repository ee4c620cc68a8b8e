#pragma once
// Which connections are in which rooms, with presence counted per user rather than per socket.
#include <cstddef>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "chat/connection.hpp"

namespace parley::chat {

/// The live membership of rooms. Pure bookkeeping without I/O or locks: the owner calls it from
/// one thread. A user with several connections in a room counts once for presence.
class room_registry {
public:
    /// What join() changed.
    struct join_result {
        bool added;           ///< false if this connection was already in the room
        bool first_for_user;  ///< the user had no other connection in the room
    };
    /// What leave() changed.
    struct leave_result {
        bool removed;        ///< false if this connection was not in the room
        bool last_for_user;  ///< the user has no connection left in the room
    };

    /// Adds a connection to a room.
    join_result join(id_t room, const std::shared_ptr<connection>& c);
    /// Removes a connection from a room.
    leave_result leave(id_t room, const connection& c);
    /// Removes a connection from every room; returns the rooms its user is no longer in.
    std::vector<id_t> leave_all(const connection& c);

    /// Removes every connection of `user` from the room and returns them.
    std::vector<std::shared_ptr<connection>> remove_user(id_t room, id_t user);
    /// Empties the room and returns every connection that was in it.
    std::vector<std::shared_ptr<connection>> remove_room(id_t room);

    /// Whether this connection is in the room.
    bool contains(id_t room, const connection& c) const;
    /// Users with at least one connection in the room.
    std::unordered_set<id_t> online_users(id_t room) const;
    /// Sends a frame to every connection in the room except `except`; returns how many got it.
    std::size_t broadcast(id_t room, const frame& f, const connection* except = nullptr) const;
    /// Number of rooms with at least one connection.
    std::size_t room_count() const { return rooms_.size(); }

private:
    using user_connections = std::vector<std::shared_ptr<connection>>;
    using room = std::unordered_map<id_t, user_connections>;  // by user id

    std::unordered_map<id_t, room> rooms_;
    std::unordered_map<const connection*, std::vector<id_t>> rooms_of_;  // reverse index
};

}  // namespace parley::chat

#pragma once
// Which connections are in which rooms, with presence counted per user rather than per socket.
#include <cstddef>
#include <memory>
#include <unordered_map>
#include <vector>

#include "chat/connection.hpp"
#include "chat/fanout.hpp"

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

    /// Adds a connection to a room. It gets only frames with a seq above `min_seq` (what its
    /// snapshot already held) from deliver().
    join_result join(id_t room, const std::shared_ptr<connection>& c, std::int64_t min_seq = 0);
    /// Removes a connection from a room.
    leave_result leave(id_t room, const connection& c);

    /// Removes every connection of `user` from the room and returns them.
    std::vector<std::shared_ptr<connection>> remove_user(id_t room, id_t user);
    /// Empties the room and returns every connection that was in it.
    std::vector<std::shared_ptr<connection>> remove_room(id_t room);

    /// Whether this connection is in the room.
    bool contains(id_t room, const connection& c) const;
    /// Whether any connection is in the room.
    bool occupied(id_t room) const { return rooms_.contains(room); }
    /// The rooms this connection is in.
    std::vector<id_t> rooms_of(const connection& c) const;
    /// The room's connections grouped by network thread, for the fan-out of its messages and
    /// events (see deliver_to and hand_out). Built again only after the room's connections change.
    const std::vector<home_batch>& by_home(id_t room);
    /// Sends the room's message number `seq` to every connection whose snapshot did not hold
    /// it already, from the calling thread; returns how many got it.
    std::size_t deliver(id_t room, std::int64_t seq, const frame& f);
    /// Number of rooms with at least one connection.
    std::size_t room_count() const { return rooms_.size(); }

  private:
    struct room {
        std::unordered_map<id_t, recipient_list> users;  // by user id
        std::vector<home_batch> batches;                 // valid unless `stale`
        bool stale = true;
    };

    std::unordered_map<id_t, room> rooms_;
    std::unordered_map<const connection*, std::vector<id_t>> rooms_of_;  // reverse index
};

}  // namespace parley::chat

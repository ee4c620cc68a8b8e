#pragma once
// Which connections follow a room's activity without being joined to it (a sidebar).
#include <memory>
#include <unordered_map>
#include <vector>

#include "chat/connection.hpp"
#include "chat/fanout.hpp"

namespace parley::chat {

/// The connections of members that watch a room: they hear `room_activity` for each of its
/// messages while they are not joined to it (joined, they get the messages themselves). Pure
/// bookkeeping without I/O or locks; the room's shard owns it. Joining parks a watcher,
/// leaving unparks it, so the cost of a message is one lookup plus one send per idle watcher.
class room_watchers {
  public:
    /// `c` watches `room` from now on, idle unless `joined`; false if it already did.
    bool watch(id_t room, const std::shared_ptr<connection>& c, bool joined = false);
    /// `c` joined (true) or left (false) `room`; nothing if it does not watch it.
    void set_joined(id_t room, const connection& c, bool joined);
    /// Every connection of `user` stops watching `room`; returns them.
    std::vector<std::shared_ptr<connection>> remove_user(id_t room, id_t user);
    /// Nobody watches `room` any more; returns who did.
    std::vector<std::shared_ptr<connection>> remove_room(id_t room);
    /// `c` stops watching everything; returns the rooms it watched.
    std::vector<id_t> remove_connection(const connection& c);

    /// The watchers of `room` not joined to it (empty if none).
    [[nodiscard]] const std::vector<std::shared_ptr<connection>>& idle(id_t room) const;
    /// The same grouped by network thread (see group_by_home), for one hand-over per thread;
    /// built again only after the room's idle watchers change.
    [[nodiscard]] const std::vector<home_batch>& idle_by_home(id_t room);
    /// Whether anyone watches `room`, joined or not.
    [[nodiscard]] bool watched(id_t room) const { return rooms_.contains(room); }

  private:
    struct room_entry {
        std::vector<std::shared_ptr<connection>> idle;
        std::vector<std::shared_ptr<connection>> joined;
        std::vector<home_batch> idle_batches;  // idle by home, valid unless stale
        bool stale = true;
    };
    /// Takes `c` out of the entry; returns it (null if absent).
    static std::shared_ptr<connection> take(room_entry& e, const connection& c);
    void forget(id_t room, const connection& c);

    std::unordered_map<id_t, room_entry> rooms_;
    std::unordered_map<const connection*, std::vector<id_t>> rooms_of_;  // reverse index
};

}  // namespace parley::chat

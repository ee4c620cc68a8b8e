#pragma once
// Rooms (groups and direct rooms) and their members: what the room routes and joins persist.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/errors.hpp"
#include "store/types.hpp"

namespace parley::store {

/// Rooms and memberships. Every method blocks until the database has answered, is safe to call
/// from several threads at once, and is called only from the blocking pool, never a network
/// thread or a room shard. Failures come back as values (errc), never as exceptions.
class rooms {
  public:
    virtual ~rooms() = default;

    /// Whether the database answers and takes writes now (readiness checks): unavailable when
    /// it cannot answer, is read-only, or (SQLite) its file is locked by another process for
    /// over limits::readiness_lock_wait or was deleted. Blocks at most about that long.
    [[nodiscard]] virtual result<void> ping() = 0;
    /// Creates a room and makes its creator the owner and first member.
    [[nodiscard]] virtual result<room> create_room(const new_room& r, millis_t now) = 0;
    /// The room with this id, or not_found.
    [[nodiscard]] virtual result<room> find_room(id_t id) = 0;
    /// Public groups plus the private ones `viewer` belongs to, oldest first, with counts and
    /// the viewer's membership; only kind "group" (direct rooms are listed by direct_rooms).
    /// Only names containing `name_filter` (ignoring case; empty matches all); only ids above
    /// `after_id`; at most `limit`.
    [[nodiscard]] virtual result<std::vector<room_summary>> room_summaries(
        id_t viewer, std::string_view name_filter, id_t after_id, int limit) = 0;
    /// Every room, groups and direct ones, private or not (what an administrator lists), with
    /// member counts and times, oldest first; only ids above `after_id`; at most `limit`.
    /// `joined` is false.
    [[nodiscard]] virtual result<std::vector<room_summary>> all_rooms(id_t after_id, int limit) = 0;
    /// Renames a room; not_found if it does not exist.
    [[nodiscard]] virtual result<room> rename_room(id_t room_id, std::string_view name) = 0;
    /// Sets a room's topic (empty clears it); not_found if it does not exist.
    [[nodiscard]] virtual result<room> set_topic(id_t room_id, std::string_view topic) = 0;
    /// Deletes a room with its members and messages; not_found if it does not exist.
    [[nodiscard]] virtual result<void> delete_room(id_t room_id) = 0;

    /// The user's role in the room, or nullopt if not a member.
    [[nodiscard]] virtual result<std::optional<parley::member_role>> member_role(id_t room_id,
                                                                                 id_t user_id) = 0;
    /// Removes a member; returns whether they were one.
    [[nodiscard]] virtual result<bool> remove_member(id_t room_id, id_t user_id) = 0;
    /// Adds a member; adding an existing member is a no-op that succeeds; forbidden if the user
    /// blocked the room (block_room), checked in the same statement.
    [[nodiscard]] virtual result<void> add_member(id_t room_id, id_t user_id,
                                                  parley::member_role role, millis_t now) = 0;
    /// The user leaves the room and blocks it, in one transaction: add_member refuses them until
    /// unblock_room. Returns whether they were a member.
    [[nodiscard]] virtual result<bool> block_room(id_t room_id, id_t user_id, millis_t now) = 0;
    /// Lifts the user's block of the room; returns whether there was one.
    [[nodiscard]] virtual result<bool> unblock_room(id_t room_id, id_t user_id) = 0;
    /// Members of a room, in the order they joined.
    [[nodiscard]] virtual result<std::vector<member>> members(id_t room_id) = 0;

    /// The direct room of two different users, created with both as members on first use.
    /// The same pair always gets the same room, whichever asks and however many ask at once.
    /// `created` tells whether this call made it.
    [[nodiscard]] virtual result<room> direct_room(id_t a, id_t b, millis_t now, bool& created) = 0;
    /// The user's direct rooms, most recently active first.
    [[nodiscard]] virtual result<std::vector<direct_summary>> direct_rooms(id_t user_id) = 0;

    /// Every room the user is a member of, groups and direct ones, most recently active first
    /// (newest message, else when the user became a member), each with the user's read marker,
    /// the unread count (messages from others after the marker, counted up to `unread_cap`)
    /// and the newest message.
    [[nodiscard]] virtual result<std::vector<my_room>> my_rooms(id_t user_id,
                                                                std::int64_t unread_cap) = 0;
    /// The ids of the rooms the user is a member of, ascending.
    [[nodiscard]] virtual result<std::vector<id_t>> room_ids_of(id_t user_id) = 0;
    /// Moves the user's read marker in the room forward to `seq` (never back, never past the
    /// room's last seq) and returns the marker as stored; not_found if not a member.
    [[nodiscard]] virtual result<std::int64_t> mark_read(id_t room_id, id_t user_id,
                                                         std::int64_t seq) = 0;
};

}  // namespace parley::store

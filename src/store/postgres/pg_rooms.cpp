// pg_rooms: rooms, members and direct rooms.
#include "store/postgres/pg_rooms.hpp"

#include <algorithm>

#include "store/postgres/pg_rows.hpp"

namespace parley::store::postgres {
namespace {

/// SELECT of a room summary from `groups g`: the room, its member count, whether the viewer
/// is a member (`joined`, an SQL expression), the time of its newest message.
std::string select_summaries(const std::string& joined) {
    return "SELECT " + room_columns +
           ", (SELECT count(*) FROM group_members m WHERE m.group_id = g.id), " + joined +
           ", (SELECT created_at FROM messages WHERE group_id = g.id ORDER BY id DESC LIMIT 1)"
           " FROM groups g";
}

/// Reads a row of select_summaries().
room_summary summary_row(const pg_result& res, int row) {
    constexpr int n = room_column_count;
    room_summary out{read_room(res, row), res.int64(row, n), res.boolean(row, n + 1), std::nullopt};
    if (!res.is_null(row, n + 2)) out.last_message_at = res.int64(row, n + 2);
    return out;
}

/// Inside a transaction: inserts a room row.
result<room> insert_room(pg_connection& c, const new_room& r, millis_t now) {
    auto res = c.query(
        "INSERT INTO groups AS g (name, private, kind, created_by, created_at)"
        " VALUES ($1, $2, $3, $4, $5) RETURNING " +
            room_columns,
        r.name, r.is_private, name_of(r.kind), r.created_by, now);
    return one<room>(res, "create_room", room_row);
}

/// Adds a member unless already one.
result<void> insert_member(pg_connection& c, id_t room_id, id_t user_id, member_role role,
                           millis_t now) {
    auto res = c.query(
        "INSERT INTO group_members(group_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)"
        " ON CONFLICT DO NOTHING",
        room_id, user_id, name_of(role), now);
    if (!res.ok()) return fail(res, "add_member");
    return {};
}

}  // namespace

result<void> pg_rooms::ping() {
    // A standby, or a server set read-only, answers but takes no writes: not ready.
    auto writable = query_one<int>(
        pool_, "ping", [](const pg_result& res, int row) { return res.boolean(row, 0) ? 1 : 0; },
        "SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off'");
    if (!writable) return writable.error();
    if (*writable == 0) return errc::unavailable;
    return {};
}

result<room> pg_rooms::create_room(const new_room& r, millis_t now) {
    return in_transaction(pool_, "create_room", [&](pg_connection& c) -> result<room> {
        auto created = insert_room(c, r, now);
        if (!created) return created;
        if (auto m = insert_member(c, created->id, r.created_by, parley::member_role::owner, now);
            !m)
            return m.error();
        return created;
    });
}

result<room> pg_rooms::find_room(id_t id) {
    return query_one<room>(pool_, "find_room", room_row,
                           "SELECT " + room_columns + " FROM groups g WHERE g.id = $1", id);
}

result<std::vector<room_summary>> pg_rooms::room_summaries(id_t viewer,
                                                           std::string_view name_filter,
                                                           id_t after_id, int limit) {
    return query_rows<room_summary>(
        pool_, "room_summaries", summary_row,
        select_summaries("EXISTS (SELECT 1 FROM group_members m"
                         "  WHERE m.group_id = g.id AND m.user_id = $1)") +
            " WHERE g.kind = 'group'"
            " AND (NOT g.private OR EXISTS"
            "  (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.user_id = $1))"
            " AND ($2 = '' OR strpos(lower(g.name), lower($2)) > 0)"
            " AND g.id > $3 ORDER BY g.id LIMIT $4",
        viewer, name_filter, after_id, limit);
}

result<std::vector<room_summary>> pg_rooms::all_rooms(id_t after_id, int limit) {
    return query_rows<room_summary>(
        pool_, "all_rooms", summary_row,
        select_summaries("false") + " WHERE g.id > $1 ORDER BY g.id LIMIT $2", after_id, limit);
}

result<room> pg_rooms::rename_room(id_t room_id, std::string_view name) {
    auto r =
        run(pool_, "UPDATE groups AS g SET name = $1 WHERE g.id = $2 RETURNING " + room_columns,
            name, room_id);
    if (!r) return r.error();
    return one<room>(*r, "rename_room", room_row);
}

result<room> pg_rooms::set_topic(id_t room_id, std::string_view topic) {
    auto r =
        run(pool_, "UPDATE groups AS g SET topic = $1 WHERE g.id = $2 RETURNING " + room_columns,
            topic, room_id);
    if (!r) return r.error();
    return one<room>(*r, "set_topic", room_row);
}

result<void> pg_rooms::delete_room(id_t room_id) {
    // Cascades to the room's members and messages.
    auto n = command(pool_, "delete_room", "DELETE FROM groups WHERE id = $1", room_id);
    if (!n) return n.error();
    if (*n == 0) return errc::not_found;
    return {};
}

result<std::optional<parley::member_role>> pg_rooms::member_role(id_t room_id, id_t user_id) {
    auto role = query_one<parley::member_role>(
        pool_, "member_role",
        [](const pg_result& res, int row) { return stored_member_role(res.text(row, 0)); },
        "SELECT role FROM group_members WHERE group_id = $1 AND user_id = $2", room_id, user_id);
    if (role) return std::optional<parley::member_role>(*role);
    if (role.error() == errc::not_found) return std::optional<parley::member_role>();
    return role.error();
}

result<bool> pg_rooms::remove_member(id_t room_id, id_t user_id) {
    auto n =
        command(pool_, "remove_member",
                "DELETE FROM group_members WHERE group_id = $1 AND user_id = $2", room_id, user_id);
    if (!n) return {boost::system::in_place_error, n.error()};
    return *n > 0;
}

result<void> pg_rooms::add_member(id_t room_id, id_t user_id, parley::member_role role,
                                  millis_t now) {
    auto added = command(
        pool_, "add_member",
        "INSERT INTO group_members(group_id, user_id, role, joined_at) SELECT $1, $2, $3, $4"
        " WHERE NOT EXISTS (SELECT 1 FROM room_blocks WHERE group_id = $1 AND user_id = $2)"
        " ON CONFLICT DO NOTHING",
        room_id, user_id, name_of(role), now);
    if (!added) return added.error();
    if (*added > 0) return {};
    // Nothing added: a member already (fine), or the room is blocked.
    auto blocked = query_one<int>(
        pool_, "add_member", [](const pg_result&, int) { return 1; },
        "SELECT 1 FROM room_blocks WHERE group_id = $1 AND user_id = $2", room_id, user_id);
    if (blocked) return errc::forbidden;
    if (blocked.error() != errc::not_found) return blocked.error();
    return {};
}

result<bool> pg_rooms::block_room(id_t room_id, id_t user_id, millis_t now) {
    auto left = in_transaction(pool_, "block_room", [&](pg_connection& c) -> result<std::int64_t> {
        auto left =
            changed(c.query("DELETE FROM group_members WHERE group_id = $1 AND user_id = $2",
                            room_id, user_id),
                    "block_room");
        if (!left) return left;
        auto blocked = changed(c.query("INSERT INTO room_blocks(group_id, user_id, blocked_at)"
                                       " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                                       room_id, user_id, now),
                               "block_room");
        if (!blocked) return blocked;
        return left;
    });
    if (!left) return {boost::system::in_place_error, left.error()};
    return *left > 0;
}

result<bool> pg_rooms::unblock_room(id_t room_id, id_t user_id) {
    auto n =
        command(pool_, "unblock_room",
                "DELETE FROM room_blocks WHERE group_id = $1 AND user_id = $2", room_id, user_id);
    if (!n) return {boost::system::in_place_error, n.error()};
    return *n > 0;
}

result<std::vector<member>> pg_rooms::members(id_t room_id) {
    auto r = run(pool_,
                 "SELECT u.id, u.username, m.role, u.nickname, u.avatar FROM group_members m"
                 " JOIN users u ON u.id = m.user_id"
                 " WHERE m.group_id = $1 ORDER BY m.joined_at, u.id",
                 room_id);
    if (!r) return r.error();
    return rows<member>(*r, "members", [](const pg_result& res, int row) {
        return member{res.int64(row, 0), res.text(row, 1), stored_member_role(res.text(row, 2)),
                      res.optional_text(row, 3), res.optional_text(row, 4)};
    });
}

result<room> pg_rooms::direct_room(id_t a, id_t b, millis_t now, bool& created) {
    created = false;
    const id_t low = std::min(a, b), high = std::max(a, b);
    const std::string find = "SELECT " + room_columns +
                             " FROM direct_pairs p JOIN groups g ON g.id = p.group_id"
                             " WHERE p.user_low = $1 AND p.user_high = $2";
    auto made = in_transaction(pool_, "direct_room", [&](pg_connection& c) -> result<room> {
        // One lock per pair, held to the end of the transaction: two nodes asking at once
        // take turns, and the second finds the first's room. The primary key on the pair is
        // the last line of defence.
        auto lock = c.query(
            "SELECT pg_advisory_xact_lock(hashtextextended($1::text || ':' || $2::text, 0))", low,
            high);
        if (!lock.ok()) return fail(lock, "lock direct pair");
        auto existing = one<room>(c.query(find, low, high), "find direct_room", room_row);
        if (existing || existing.error() != errc::not_found) return existing;
        auto room = insert_room(c, {"direct", true, room_kind::direct, a}, now);
        if (!room) return room;
        for (id_t u : {low, high})
            if (auto r = insert_member(c, room->id, u, parley::member_role::member, now); !r)
                return r.error();
        auto pair =
            c.query("INSERT INTO direct_pairs(user_low, user_high, group_id) VALUES ($1, $2, $3)",
                    low, high, room->id);
        if (!pair.ok()) return fail(pair, "insert direct_pair");
        created = true;
        return room;
    });
    if (!made) created = false;
    return made;
}

result<std::vector<direct_summary>> pg_rooms::direct_rooms(id_t user_id) {
    auto r = run(pool_,
                 "SELECT " + room_columns + ", " + user_columns + ", " + message_columns_of("mu") +
                     " FROM direct_pairs p JOIN groups g ON g.id = p.group_id"
                     " JOIN users u ON u.id ="
                     "  CASE WHEN p.user_low = $1 THEN p.user_high ELSE p.user_low END"
                     " LEFT JOIN messages m ON m.id = (SELECT id FROM messages"
                     "  WHERE group_id = g.id AND kind = 0 ORDER BY id DESC LIMIT 1)"
                     " LEFT JOIN users mu ON mu.id = m.user_id"
                     " WHERE p.user_low = $1 OR p.user_high = $1"
                     " ORDER BY coalesce(m.created_at, g.created_at) DESC, g.id DESC",
                 user_id);
    if (!r) return r.error();
    return rows<direct_summary>(*r, "direct_rooms", [](const pg_result& res, int row) {
        constexpr int m = room_column_count + user_column_count;
        direct_summary out{read_room(res, row), read_user(res, row, room_column_count),
                           std::nullopt};
        if (!res.is_null(row, m)) out.last_message = read_message(res, row, m);
        return out;
    });
}

result<std::vector<my_room>> pg_rooms::my_rooms(id_t user_id, std::int64_t unread_cap) {
    // The unread counts read at most unread_cap index entries per room.
    auto r = run(pool_,
                 "SELECT " + room_columns +
                     ", gm.last_read_seq,"
                     " (SELECT count(*) FROM (SELECT 1 FROM messages x WHERE x.group_id = g.id"
                     "   AND x.seq > gm.last_read_seq AND x.user_id <> $1 AND x.kind = 0"
                     "   LIMIT $2) capped),"
                     " (SELECT count(*) FROM (SELECT 1 FROM mentions x WHERE x.user_id = $1"
                     "   AND x.group_id = g.id AND x.seq > gm.last_read_seq LIMIT $2) capped), " +
                     user_columns + ", " + message_columns_of("mu") +
                     " FROM group_members gm JOIN groups g ON g.id = gm.group_id"
                     " LEFT JOIN direct_pairs p ON p.group_id = g.id"
                     " LEFT JOIN users u ON u.id ="
                     "  CASE WHEN p.user_low = $1 THEN p.user_high ELSE p.user_low END"
                     " LEFT JOIN messages m ON m.id = (SELECT id FROM messages"
                     "  WHERE group_id = g.id AND kind = 0 ORDER BY seq DESC LIMIT 1)"
                     " LEFT JOIN users mu ON mu.id = m.user_id"
                     " WHERE gm.user_id = $1"
                     " ORDER BY coalesce(m.created_at, gm.joined_at) DESC, g.id DESC",
                 user_id, unread_cap);
    if (!r) return r.error();
    return rows<my_room>(*r, "my_rooms", [](const pg_result& res, int row) {
        constexpr int u = room_column_count + 3;
        constexpr int m = u + user_column_count;
        my_room out{read_room(res, row),
                    std::nullopt,
                    res.int64(row, room_column_count),
                    res.int64(row, room_column_count + 1),
                    std::nullopt,
                    res.int64(row, room_column_count + 2)};
        if (!res.is_null(row, u)) out.other = read_user(res, row, u);
        if (!res.is_null(row, m)) out.last_message = read_message(res, row, m);
        return out;
    });
}

result<std::vector<id_t>> pg_rooms::room_ids_of(id_t user_id) {
    auto r = run(pool_, "SELECT group_id FROM group_members WHERE user_id = $1 ORDER BY group_id",
                 user_id);
    if (!r) return r.error();
    return rows<id_t>(*r, "room_ids_of",
                      [](const pg_result& res, int row) { return res.int64(row, 0); });
}

result<std::int64_t> pg_rooms::mark_read(id_t room_id, id_t user_id, std::int64_t seq) {
    auto r = run(pool_,
                 "UPDATE group_members SET last_read_seq = greatest(last_read_seq,"
                 " least($3, (SELECT last_seq FROM groups WHERE id = $1)))"
                 " WHERE group_id = $1 AND user_id = $2 RETURNING last_read_seq",
                 room_id, user_id, seq);
    if (!r) return r.error();
    return one<std::int64_t>(*r, "mark_read",
                             [](const pg_result& res, int row) { return res.int64(row, 0); });
}

}  // namespace parley::store::postgres

// sqlite_rooms: rooms, members and direct rooms.
#include "store/sqlite/sqlite_rooms.hpp"

#include <algorithm>

#include "config.hpp"
#include "store/sqlite/rows.hpp"

namespace parley::store::sqlite {
namespace {

room room_row(const statement& s) { return read_room(s); }

/// SELECT of a room summary from `groups g`: the room, its member count, whether the viewer
/// is a member (`joined`, an SQL expression), the time of its newest message.
std::string select_summaries(const std::string& joined) {
    return "SELECT " + room_columns +
           ", (SELECT count(*) FROM group_members m WHERE m.group_id = g.id), " + joined +
           ", (SELECT created_at FROM messages WHERE group_id = g.id ORDER BY id DESC LIMIT 1)"
           " FROM groups g";
}

/// Reads a row of select_summaries().
room_summary summary_row(const statement& s) {
    constexpr int n = room_column_count;
    room_summary out{read_room(s), s.int64(n), s.int64(n + 1) != 0, std::nullopt};
    if (!s.is_null(n + 2)) out.last_message_at = s.int64(n + 2);
    return out;
}

/// Inside a write transaction: inserts a room row.
result<room> insert_room(connection& db, const new_room& r, millis_t now) {
    auto* st = db.prepare(
        "INSERT INTO groups(name, private, kind, created_by, created_at)"
        " VALUES (?, ?, ?, ?, ?) RETURNING " +
            room_returning,
        r.name, r.is_private, name_of(r.kind), r.created_by, now);
    return one<room>(db, st, "create_room", room_row);
}

/// On the writer: adds a member unless already one.
result<void> insert_member(connection& db, id_t room_id, id_t user_id, member_role role,
                           millis_t now) {
    auto* st = db.prepare(
        "INSERT INTO group_members(group_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        room_id, user_id, name_of(role), now);
    if (auto r = run(db, st, "add_member"); !r) return r.error();
    return {};
}

}  // namespace

result<void> sqlite_rooms::ping() {
    if (!db_.writable(limits::readiness_lock_wait)) return errc::unavailable;
    auto db = db_.read();
    auto one_row = one<int>(*db, db->prepare("SELECT 1"), "ping",
                            [](const statement& s) { return static_cast<int>(s.int64(0)); });
    if (!one_row) return one_row.error();
    return {};
}

result<room> sqlite_rooms::create_room(const new_room& r, millis_t now) {
    auto db = db_.write();
    if (!begin(*db, true)) return fail(*db, "begin create_room");
    transaction_guard tx(*db);
    auto created = insert_room(*db, r, now);
    if (!created) return created;
    if (auto m = insert_member(*db, created->id, r.created_by, parley::member_role::owner, now); !m)
        return m.error();
    if (db->exec("COMMIT") != SQLITE_OK) return fail(*db, "commit create_room");
    tx.committed();
    return created;
}

result<room> sqlite_rooms::find_room(id_t id) {
    auto db = db_.read();
    auto* st = db->prepare("SELECT " + room_columns + " FROM groups g WHERE g.id = ?", id);
    return one<room>(*db, st, "find_room", room_row);
}

result<std::vector<room_summary>> sqlite_rooms::room_summaries(id_t viewer,
                                                               std::string_view name_filter,
                                                               id_t after_id, int limit) {
    auto db = db_.read();
    auto* st = db->prepare(
        select_summaries(
            "EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.user_id = ?1)") +
            " WHERE g.kind = 'group'"
            " AND (g.private = 0 OR EXISTS"
            "  (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.user_id = ?1))"
            " AND (?2 = '' OR instr(lower(g.name), lower(?2)) > 0)"
            " AND g.id > ?3 ORDER BY g.id LIMIT ?4",
        viewer, name_filter, after_id, limit);
    return rows<room_summary>(*db, st, "room_summaries", summary_row);
}

result<std::vector<room_summary>> sqlite_rooms::all_rooms(id_t after_id, int limit) {
    auto db = db_.read();
    auto* st = db->prepare(select_summaries("0") + " WHERE g.id > ? ORDER BY g.id LIMIT ?",
                           after_id, limit);
    return rows<room_summary>(*db, st, "all_rooms", summary_row);
}

result<room> sqlite_rooms::rename_room(id_t room_id, std::string_view name) {
    auto db = db_.write();
    auto* st = db->prepare("UPDATE groups SET name = ? WHERE id = ? RETURNING " + room_returning,
                           name, room_id);
    return one<room>(*db, st, "rename_room", room_row);
}

result<room> sqlite_rooms::set_topic(id_t room_id, std::string_view topic) {
    auto db = db_.write();
    auto* st = db->prepare("UPDATE groups SET topic = ? WHERE id = ? RETURNING " + room_returning,
                           topic, room_id);
    return one<room>(*db, st, "set_topic", room_row);
}

result<void> sqlite_rooms::delete_room(id_t room_id) {
    auto db = db_.write();
    // Cascades to the room's members and messages.
    auto* st = db->prepare("DELETE FROM groups WHERE id = ?", room_id);
    auto changed = run(*db, st, "delete_room");
    if (!changed) return changed.error();
    if (*changed == 0) return errc::not_found;
    return {};
}

result<std::optional<parley::member_role>> sqlite_rooms::member_role(id_t room_id, id_t user_id) {
    auto db = db_.read();
    auto* st = db->prepare("SELECT role FROM group_members WHERE group_id = ? AND user_id = ?",
                           room_id, user_id);
    auto role = one<parley::member_role>(
        *db, st, "member_role", [](const statement& s) { return stored_member_role(s.text(0)); });
    if (role) return std::optional<parley::member_role>(*role);
    if (role.error() == errc::not_found) return std::optional<parley::member_role>();
    return role.error();
}

result<bool> sqlite_rooms::remove_member(id_t room_id, id_t user_id) {
    auto db = db_.write();
    auto* st = db->prepare("DELETE FROM group_members WHERE group_id = ? AND user_id = ?", room_id,
                           user_id);
    auto changed = run(*db, st, "remove_member");
    if (!changed) return {boost::system::in_place_error, changed.error()};
    return *changed > 0;
}

result<void> sqlite_rooms::add_member(id_t room_id, id_t user_id, parley::member_role role,
                                      millis_t now) {
    auto db = db_.write();
    auto* st = db->prepare(
        "INSERT INTO group_members(group_id, user_id, role, joined_at) SELECT ?, ?, ?, ?"
        " WHERE NOT EXISTS (SELECT 1 FROM room_blocks WHERE group_id = ? AND user_id = ?)"
        " ON CONFLICT DO NOTHING",
        room_id, user_id, name_of(role), now, room_id, user_id);
    auto added = run(*db, st, "add_member");
    if (!added) return added.error();
    if (*added > 0) return {};
    // Nothing added: a member already (fine), or the room is blocked. The writer is this
    // connection alone, so the answer cannot change in between.
    auto* blocked = db->prepare("SELECT 1 FROM room_blocks WHERE group_id = ? AND user_id = ?",
                                room_id, user_id);
    auto found = one<int>(*db, blocked, "add_member", [](const statement&) { return 1; });
    if (found) return errc::forbidden;
    if (found.error() != errc::not_found) return found.error();
    return {};
}

result<bool> sqlite_rooms::block_room(id_t room_id, id_t user_id, millis_t now) {
    auto db = db_.write();
    if (!begin(*db, true)) return {boost::system::in_place_error, fail(*db, "begin block_room")};
    transaction_guard tx(*db);
    auto left = run(*db,
                    db->prepare("DELETE FROM group_members WHERE group_id = ? AND user_id = ?",
                                room_id, user_id),
                    "block_room");
    if (!left) return {boost::system::in_place_error, left.error()};
    auto blocked = run(*db,
                       db->prepare("INSERT INTO room_blocks(group_id, user_id, blocked_at)"
                                   " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                                   room_id, user_id, now),
                       "block_room");
    if (!blocked) return {boost::system::in_place_error, blocked.error()};
    if (db->exec("COMMIT") != SQLITE_OK)
        return {boost::system::in_place_error, fail(*db, "commit block_room")};
    tx.committed();
    return *left > 0;
}

result<bool> sqlite_rooms::unblock_room(id_t room_id, id_t user_id) {
    auto db = db_.write();
    auto* st =
        db->prepare("DELETE FROM room_blocks WHERE group_id = ? AND user_id = ?", room_id, user_id);
    auto changed = run(*db, st, "unblock_room");
    if (!changed) return {boost::system::in_place_error, changed.error()};
    return *changed > 0;
}

result<std::vector<member>> sqlite_rooms::members(id_t room_id) {
    auto db = db_.read();
    auto* st = db->prepare(
        "SELECT u.id, u.username, m.role, u.nickname, u.avatar FROM group_members m"
        " JOIN users u ON u.id = m.user_id"
        " WHERE m.group_id = ? ORDER BY m.joined_at, u.id",
        room_id);
    return rows<member>(*db, st, "members", [](const statement& s) {
        return member{s.int64(0), s.text(1), stored_member_role(s.text(2)), s.optional_text(3),
                      s.optional_text(4)};
    });
}

result<room> sqlite_rooms::direct_room(id_t a, id_t b, millis_t now, bool& created) {
    auto db = db_.write();
    created = false;
    const id_t low = std::min(a, b), high = std::max(a, b);
    // IMMEDIATE takes the write lock first, so two servers asking at once cannot both create;
    // the primary key on the pair is the last line of defence.
    if (!begin(*db, true)) return fail(*db, "begin direct_room");
    transaction_guard tx(*db);
    auto* find = db->prepare("SELECT " + room_columns +
                                 " FROM direct_pairs p JOIN groups g ON g.id = p.group_id"
                                 " WHERE p.user_low = ? AND p.user_high = ?",
                             low, high);
    auto existing = one<room>(*db, find, "find direct_room", room_row);
    if (existing || existing.error() != errc::not_found) return existing;

    auto made = insert_room(*db, {"direct", true, room_kind::direct, a}, now);
    if (!made) return made;
    for (id_t u : {low, high})
        if (auto r = insert_member(*db, made->id, u, parley::member_role::member, now); !r)
            return r.error();
    auto* pair =
        db->prepare("INSERT INTO direct_pairs(user_low, user_high, group_id) VALUES (?, ?, ?)", low,
                    high, made->id);
    if (auto r = run(*db, pair, "insert direct_pair"); !r) return r.error();
    if (db->exec("COMMIT") != SQLITE_OK) return fail(*db, "commit direct_room");
    tx.committed();
    created = true;
    return made;
}

result<std::vector<direct_summary>> sqlite_rooms::direct_rooms(id_t user_id) {
    auto db = db_.read();
    auto* st = db->prepare(
        "SELECT " + room_columns + ", " + user_columns + ", " + message_columns_of("mu") +
            " FROM direct_pairs p JOIN groups g ON g.id = p.group_id"
            " JOIN users u ON u.id = CASE WHEN p.user_low = ?1 THEN p.user_high ELSE p.user_low END"
            " LEFT JOIN messages m ON m.id = (SELECT id FROM messages"
            "  WHERE group_id = g.id AND kind = 0 ORDER BY id DESC LIMIT 1)"
            " LEFT JOIN users mu ON mu.id = m.user_id"
            " WHERE p.user_low = ?1 OR p.user_high = ?1"
            " ORDER BY coalesce(m.created_at, g.created_at) DESC, g.id DESC",
        user_id);
    return rows<direct_summary>(*db, st, "direct_rooms", [](const statement& s) {
        constexpr int m = room_column_count + user_column_count;
        direct_summary out{read_room(s), read_user(s, room_column_count), std::nullopt};
        if (!s.is_null(m)) out.last_message = read_message(s, m);
        return out;
    });
}

result<std::vector<my_room>> sqlite_rooms::my_rooms(id_t user_id, std::int64_t unread_cap) {
    auto db = db_.read();
    // The unread counts read at most unread_cap index entries per room.
    auto* st = db->prepare(
        "SELECT " + room_columns +
            ", gm.last_read_seq,"
            " (SELECT count(*) FROM (SELECT 1 FROM messages x WHERE x.group_id = g.id"
            "   AND x.seq > gm.last_read_seq AND x.user_id <> ?1 AND x.kind = 0 LIMIT ?2)),"
            " (SELECT count(*) FROM (SELECT 1 FROM mentions x WHERE x.user_id = ?1"
            "   AND x.group_id = g.id AND x.seq > gm.last_read_seq LIMIT ?2)), " +
            user_columns + ", " + message_columns_of("mu") +
            " FROM group_members gm JOIN groups g ON g.id = gm.group_id"
            " LEFT JOIN direct_pairs p ON p.group_id = g.id"
            " LEFT JOIN users u ON u.id ="
            "  CASE WHEN p.user_low = ?1 THEN p.user_high ELSE p.user_low END"
            " LEFT JOIN messages m ON m.id = (SELECT id FROM messages"
            "  WHERE group_id = g.id AND kind = 0 ORDER BY seq DESC LIMIT 1)"
            " LEFT JOIN users mu ON mu.id = m.user_id"
            " WHERE gm.user_id = ?1"
            " ORDER BY coalesce(m.created_at, gm.joined_at) DESC, g.id DESC",
        user_id, unread_cap);
    return rows<my_room>(*db, st, "my_rooms", [](const statement& s) {
        constexpr int u = room_column_count + 3;
        constexpr int m = u + user_column_count;
        my_room out{read_room(s),
                    std::nullopt,
                    s.int64(room_column_count),
                    s.int64(room_column_count + 1),
                    std::nullopt,
                    s.int64(room_column_count + 2)};
        if (!s.is_null(u)) out.other = read_user(s, u);
        if (!s.is_null(m)) out.last_message = read_message(s, m);
        return out;
    });
}

result<std::vector<id_t>> sqlite_rooms::room_ids_of(id_t user_id) {
    auto db = db_.read();
    auto* st = db->prepare("SELECT group_id FROM group_members WHERE user_id = ? ORDER BY group_id",
                           user_id);
    return rows<id_t>(*db, st, "room_ids_of", [](const statement& s) { return s.int64(0); });
}

result<std::int64_t> sqlite_rooms::mark_read(id_t room_id, id_t user_id, std::int64_t seq) {
    auto db = db_.write();
    auto* st = db->prepare(
        "UPDATE group_members SET last_read_seq = max(last_read_seq,"
        " min(?3, (SELECT last_seq FROM groups WHERE id = ?1)))"
        " WHERE group_id = ?1 AND user_id = ?2 RETURNING last_read_seq",
        room_id, user_id, seq);
    return one<std::int64_t>(*db, st, "mark_read", [](const statement& s) { return s.int64(0); });
}

}  // namespace parley::store::sqlite

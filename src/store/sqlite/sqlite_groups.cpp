// sqlite_store: groups, members and direct rooms.
#include <algorithm>

#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace parley::store::sqlite {
namespace {

group group_row(const statement& s) { return read_group(s); }

}  // namespace

result<group> sqlite_store::create_group_locked(const new_group& g, millis_t now) {
    auto* st = db_->prepare(
        "INSERT INTO groups(name, private, kind, created_by, created_at)"
        " VALUES (?, ?, ?, ?, ?) RETURNING " +
            group_returning,
        g.name, g.is_private, g.kind, g.created_by, now);
    return one<group>(st, "create_group", group_row);
}

result<group> sqlite_store::create_group(const new_group& g, millis_t now) {
    std::lock_guard lock(mutex_);
    if (db_->exec("BEGIN IMMEDIATE") != SQLITE_OK) return fail("begin create_group");
    transaction_guard tx(*db_);
    auto created = create_group_locked(g, now);
    if (!created) return created;
    if (auto r = add_member_locked(created->id, g.created_by, "owner", now); !r) return r.error();
    if (db_->exec("COMMIT") != SQLITE_OK) return fail("commit create_group");
    tx.committed();
    return created;
}

result<group> sqlite_store::find_group(id_t id) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare("SELECT " + group_columns + " FROM groups g WHERE g.id = ?", id);
    return one<group>(st, "find_group", group_row);
}

result<std::vector<group_summary>> sqlite_store::group_summaries(id_t viewer,
                                                                 std::string_view name_filter) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare(
        "SELECT " + group_columns +
            ","
            " (SELECT count(*) FROM group_members m WHERE m.group_id = g.id),"
            " EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.user_id = ?1),"
            " (SELECT created_at FROM messages WHERE group_id = g.id ORDER BY id DESC LIMIT 1)"
            " FROM groups g WHERE g.kind = 'group'"
            " AND (g.private = 0 OR EXISTS"
            "  (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.user_id = ?1))"
            " AND (?2 = '' OR instr(lower(g.name), lower(?2)) > 0)"
            " ORDER BY g.id",
        viewer, name_filter);
    return rows<group_summary>(st, "group_summaries", [](const statement& s) {
        constexpr int n = group_column_count;
        group_summary out{read_group(s), s.int64(n), s.int64(n + 1) != 0, std::nullopt};
        if (!s.is_null(n + 2)) out.last_message_at = s.int64(n + 2);
        return out;
    });
}

result<group> sqlite_store::rename_group(id_t group_id, std::string_view name) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare("UPDATE groups SET name = ? WHERE id = ? RETURNING " + group_returning,
                            name, group_id);
    return one<group>(st, "rename_group", group_row);
}

result<void> sqlite_store::delete_group(id_t group_id) {
    std::lock_guard lock(mutex_);
    // Cascades to the group's members and messages.
    auto* st = db_->prepare("DELETE FROM groups WHERE id = ?", group_id);
    auto changed = run(st, "delete_group");
    if (!changed) return changed.error();
    if (*changed == 0) return errc::not_found;
    return {};
}

result<bool> sqlite_store::is_member(id_t group_id, id_t user_id) {
    auto role = member_role(group_id, user_id);
    if (role) return true;
    if (role.error() == errc::not_found) return false;
    return {boost::system::in_place_error, role.error()};
}

result<std::string> sqlite_store::member_role(id_t group_id, id_t user_id) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare("SELECT role FROM group_members WHERE group_id = ? AND user_id = ?",
                            group_id, user_id);
    return one<std::string>(st, "member_role", [](const statement& s) { return s.text(0); });
}

result<bool> sqlite_store::remove_member(id_t group_id, id_t user_id) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare("DELETE FROM group_members WHERE group_id = ? AND user_id = ?",
                            group_id, user_id);
    auto changed = run(st, "remove_member");
    if (!changed) return {boost::system::in_place_error, changed.error()};
    return *changed > 0;
}

result<void> sqlite_store::add_member(id_t group_id, id_t user_id, std::string_view role,
                                      millis_t now) {
    std::lock_guard lock(mutex_);
    return add_member_locked(group_id, user_id, role, now);
}

result<void> sqlite_store::add_member_locked(id_t group_id, id_t user_id, std::string_view role,
                                             millis_t now) {
    auto* st = db_->prepare(
        "INSERT INTO group_members(group_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        group_id, user_id, role, now);
    if (auto r = run(st, "add_member"); !r) return r.error();
    return {};
}

result<std::vector<member>> sqlite_store::members(id_t group_id) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare(
        "SELECT u.id, u.username, m.role FROM group_members m JOIN users u ON u.id = m.user_id"
        " WHERE m.group_id = ? ORDER BY m.joined_at, u.id",
        group_id);
    return rows<member>(st, "members", [](const statement& s) {
        return member{s.int64(0), s.text(1), s.text(2)};
    });
}

result<group> sqlite_store::direct_room(id_t a, id_t b, millis_t now, bool& created) {
    std::lock_guard lock(mutex_);
    created = false;
    const id_t low = std::min(a, b), high = std::max(a, b);
    // IMMEDIATE takes the write lock first, so two servers asking at once cannot both create;
    // the primary key on the pair is the last line of defence.
    if (db_->exec("BEGIN IMMEDIATE") != SQLITE_OK) return fail("begin direct_room");
    transaction_guard tx(*db_);
    auto* find = db_->prepare("SELECT " + group_columns +
                                  " FROM direct_pairs p JOIN groups g ON g.id = p.group_id"
                                  " WHERE p.user_low = ? AND p.user_high = ?",
                              low, high);
    auto existing = one<group>(find, "find direct_room", group_row);
    if (existing || existing.error() != errc::not_found) return existing;

    auto room = create_group_locked({"direct", true, "direct", a}, now);
    if (!room) return room;
    for (id_t u : {low, high})
        if (auto r = add_member_locked(room->id, u, "member", now); !r) return r.error();
    auto* pair =
        db_->prepare("INSERT INTO direct_pairs(user_low, user_high, group_id) VALUES (?, ?, ?)",
                     low, high, room->id);
    if (auto r = run(pair, "insert direct_pair"); !r) return r.error();
    if (db_->exec("COMMIT") != SQLITE_OK) return fail("commit direct_room");
    tx.committed();
    created = true;
    return room;
}

result<std::vector<direct_summary>> sqlite_store::direct_rooms(id_t user_id) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare(
        "SELECT " + group_columns + ", " + user_columns +
            ","
            " m.id, m.group_id, m.user_id, mu.username, m.content, m.created_at, m.seq,"
            " m.client_msg_id"
            " FROM direct_pairs p JOIN groups g ON g.id = p.group_id"
            " JOIN users u ON u.id = CASE WHEN p.user_low = ?1 THEN p.user_high ELSE p.user_low END"
            " LEFT JOIN messages m ON m.id ="
            "  (SELECT id FROM messages WHERE group_id = g.id ORDER BY id DESC LIMIT 1)"
            " LEFT JOIN users mu ON mu.id = m.user_id"
            " WHERE p.user_low = ?1 OR p.user_high = ?1"
            " ORDER BY coalesce(m.created_at, g.created_at) DESC, g.id DESC",
        user_id);
    return rows<direct_summary>(st, "direct_rooms", [](const statement& s) {
        constexpr int m = group_column_count + user_column_count;
        direct_summary out{read_group(s), read_user(s, group_column_count), std::nullopt};
        if (!s.is_null(m)) out.last_message = read_message(s, m);
        return out;
    });
}

}  // namespace parley::store::sqlite

// sqlite_accounts: users, sessions, profiles and tags.
#include "store/sqlite/sqlite_accounts.hpp"

#include "store/sqlite/rows.hpp"

namespace parley::store::sqlite {
namespace {

/// Reads a user; the argument-free form the row helpers take.
user user_row(const statement& s) { return read_user(s); }

/// Removes every session of a user but `keep` (a token hash; "" keeps none) inside the caller's
/// transaction; returns the token hashes removed.
result<std::vector<std::string>> end_sessions(connection& db, id_t user_id, std::string_view keep) {
    auto* end = db.prepare(
        "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ? RETURNING token_hash", user_id,
        keep);
    return rows<std::string>(db, end, "end sessions", [](const statement& s) { return s.text(0); });
}

}  // namespace

result<user> sqlite_accounts::create_user(const new_user& u, millis_t now) {
    auto db = db_.write();
    auto* st = db->prepare(
        "INSERT INTO users (username, email, password_hash, created_at) VALUES (?, ?, ?, ?)"
        " RETURNING " +
            user_returning,
        u.username, u.email, u.password_hash, now);
    return one<user>(*db, st, "create_user", [](const statement& s) { return read_user(s); });
}

result<user_credentials> sqlite_accounts::find_credentials(std::string_view username) {
    auto db = db_.read();
    auto* st = db->prepare(
        "SELECT " + user_columns +
            ", u.password_hash, u.disabled_at IS NOT NULL FROM users u WHERE u.username = ?",
        username);
    return one<user_credentials>(*db, st, "find_credentials", [](const statement& s) {
        return user_credentials{read_user(s), s.text(user_column_count),
                                s.int64(user_column_count + 1) != 0};
    });
}

result<user> sqlite_accounts::find_user(id_t id) {
    auto db = db_.read();
    auto* st = db->prepare("SELECT " + user_columns + " FROM users u WHERE u.id = ?", id);
    return one<user>(*db, st, "find_user", [](const statement& s) { return read_user(s); });
}

result<user> sqlite_accounts::find_user_by_name(std::string_view username) {
    auto db = db_.read();
    auto* st =
        db->prepare("SELECT " + user_columns + " FROM users u WHERE u.username = ?", username);
    return one<user>(*db, st, "find_user_by_name", [](const statement& s) { return read_user(s); });
}

result<void> sqlite_accounts::create_session(const session& s) {
    auto db = db_.write();
    // Expired sessions of this user are swept here, so the table does not grow forever.
    auto* sweep = db->prepare("DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?",
                              s.user_id, s.created_at);
    if (auto r = run(*db, sweep, "sweep sessions"); !r) return r.error();
    // One statement: the check of the verified hash and the insert cannot be told apart by a
    // password change (from this process or another).
    auto* st = db->prepare(
        "INSERT INTO sessions(token_hash, user_id, created_at, expires_at)"
        " SELECT ?1, ?2, ?3, ?4 WHERE ?5 IS NULL"
        " OR EXISTS (SELECT 1 FROM users WHERE id = ?2 AND password_hash = ?5)",
        s.token_hash, s.user_id, s.created_at, s.expires_at, s.verified_hash);
    if (auto r = run(*db, st, "create_session"); !r) return r.error();
    if (db->changes() == 0) return errc::conflict;  // the password changed since it was checked
    return {};
}

result<session_user> sqlite_accounts::find_session_user(std::string_view token_hash, millis_t now) {
    auto db = db_.read();
    auto* st =
        db->prepare("SELECT " + user_columns +
                        ", s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id"
                        " WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL",
                    token_hash, now);
    return one<session_user>(*db, st, "find_session_user", [](const statement& s) {
        return session_user{read_user(s), s.int64(user_column_count)};
    });
}

result<std::vector<std::string>> sqlite_accounts::live_sessions(
    const std::vector<std::string>& token_hashes, millis_t now) {
    if (token_hashes.empty()) return std::vector<std::string>{};
    auto db = db_.read();
    auto* st = db->prepare(
        "SELECT s.token_hash FROM json_each(?) j JOIN sessions s ON s.token_hash = j.value"
        " JOIN users u ON u.id = s.user_id WHERE s.expires_at > ? AND u.disabled_at IS NULL",
        json_array(token_hashes), now);
    return rows<std::string>(*db, st, "live_sessions",
                             [](const statement& s) { return s.text(0); });
}

result<std::vector<std::string>> sqlite_accounts::delete_sessions(id_t user_id) {
    auto db = db_.write();
    return end_sessions(*db, user_id, "");
}

result<void> sqlite_accounts::delete_session(std::string_view token_hash) {
    auto db = db_.write();
    auto* st = db->prepare("DELETE FROM sessions WHERE token_hash = ?", token_hash);
    if (auto r = run(*db, st, "delete_session"); !r) return r.error();
    return {};
}

result<std::vector<std::string>> sqlite_accounts::change_password(id_t user_id,
                                                                  std::string_view password_hash,
                                                                  std::string_view keep) {
    auto db = db_.write();
    if (!begin(*db, true)) return fail(*db, "begin change_password");
    transaction_guard tx(*db);
    auto* set = db->prepare("UPDATE users SET password_hash = ? WHERE id = ? RETURNING id",
                            password_hash, user_id);
    auto found = one<id_t>(*db, set, "set password", [](const statement& s) { return s.int64(0); });
    if (!found) return found.error();
    auto ended = end_sessions(*db, user_id, keep);
    if (!ended) return ended.error();
    if (db->exec("COMMIT") != SQLITE_OK) return fail(*db, "commit change_password");
    tx.committed();
    return ended;
}

result<std::vector<std::string>> sqlite_accounts::set_disabled(id_t user_id, bool disabled,
                                                               millis_t now) {
    auto db = db_.write();
    if (!begin(*db, true)) return fail(*db, "begin set_disabled");
    transaction_guard tx(*db);
    auto* set = db->prepare(
        "UPDATE users SET disabled_at = CASE WHEN ?1 THEN coalesce(disabled_at, ?2) END"
        " WHERE id = ?3 RETURNING id",
        disabled, now, user_id);
    auto found = one<id_t>(*db, set, "set disabled", [](const statement& s) { return s.int64(0); });
    if (!found) return found.error();
    std::vector<std::string> ended;
    if (disabled) {
        auto gone = end_sessions(*db, user_id, "");
        if (!gone) return gone.error();
        ended = std::move(*gone);
    }
    if (db->exec("COMMIT") != SQLITE_OK) return fail(*db, "commit set_disabled");
    tx.committed();
    return ended;
}

result<std::vector<std::string>> sqlite_accounts::delete_user(id_t user_id, millis_t now) {
    auto db = db_.write();
    if (!begin(*db, true)) return fail(*db, "begin delete_user");
    transaction_guard tx(*db);
    auto* set = db->prepare(
        "UPDATE users SET username = ?1, nickname = NULL, email = NULL, avatar = NULL,"
        " password_hash = '', disabled_at = coalesce(disabled_at, ?2) WHERE id = ?3 RETURNING id",
        deleted_username(user_id), now, user_id);
    auto found = one<id_t>(*db, set, "delete user", [](const statement& s) { return s.int64(0); });
    if (!found) return found.error();
    for (const char* sql : {"DELETE FROM user_tags WHERE user_id = ?",
                            "DELETE FROM group_members WHERE user_id = ?"}) {
        if (auto r = run(*db, db->prepare(sql, user_id), "delete user rows"); !r) return r.error();
    }
    auto ended = end_sessions(*db, user_id, "");
    if (!ended) return ended.error();
    if (db->exec("COMMIT") != SQLITE_OK) return fail(*db, "commit delete_user");
    tx.committed();
    return ended;
}

result<user> sqlite_accounts::update_profile(id_t id, const profile_fields& p) {
    auto db = db_.write();
    auto* st = db->prepare(
        "UPDATE users SET nickname = ?, email = ?, avatar = ? WHERE id = ?"
        " RETURNING " +
            user_returning,
        p.nickname, p.email, p.avatar, id);
    return one<user>(*db, st, "update_profile", user_row);
}

result<std::vector<user>> sqlite_accounts::search_users(std::string_view prefix, int limit) {
    auto db = db_.read();
    // Range conditions on the NOCASE columns use their indexes; char(1114111) (U+10FFFF)
    // sorts after every character, so [p, p || U+10FFFF) is "starts with p".
    auto* st = db->prepare(
        "SELECT " + user_columns +
            " FROM users u WHERE u.id IN ("
            " SELECT id FROM users WHERE username >= ?1 AND username < ?1 || char(1114111)"
            " UNION SELECT id FROM users WHERE nickname >= ?1 AND nickname < ?1 || char(1114111))"
            " AND u.disabled_at IS NULL ORDER BY u.username LIMIT ?2",
        prefix, limit);
    return rows<user>(*db, st, "search_users", user_row);
}

result<std::vector<std::string>> sqlite_accounts::user_tags(id_t user_id) {
    auto db = db_.read();
    auto* st =
        db->prepare("SELECT tag_name FROM user_tags WHERE user_id = ? ORDER BY tag_name", user_id);
    return rows<std::string>(*db, st, "user_tags", [](const statement& s) { return s.text(0); });
}

result<void> sqlite_accounts::add_tag(id_t user_id, std::string_view tag, millis_t now) {
    auto db = db_.write();
    auto* st = db->prepare(
        "INSERT INTO user_tags(user_id, tag_name, created_at) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        user_id, tag, now);
    if (auto r = run(*db, st, "add_tag"); !r) return r.error();
    return {};
}

result<bool> sqlite_accounts::remove_tag(id_t user_id, std::string_view tag) {
    auto db = db_.write();
    auto* st =
        db->prepare("DELETE FROM user_tags WHERE user_id = ? AND tag_name = ?", user_id, tag);
    auto changed = run(*db, st, "remove_tag");
    if (!changed) return {boost::system::in_place_error, changed.error()};
    return *changed > 0;
}

result<std::vector<tag_count>> sqlite_accounts::all_tags() {
    auto db = db_.read();
    auto* st =
        db->prepare("SELECT tag_name, count(*) FROM user_tags GROUP BY tag_name ORDER BY tag_name");
    return rows<tag_count>(*db, st, "all_tags", [](const statement& s) {
        return tag_count{s.text(0), s.int64(1)};
    });
}

result<std::vector<user>> sqlite_accounts::users_with_tag(std::string_view tag) {
    auto db = db_.read();
    auto* st = db->prepare("SELECT " + user_columns +
                               " FROM user_tags t JOIN users u ON u.id = t.user_id"
                               " WHERE t.tag_name = ? ORDER BY u.username",
                           tag);
    return rows<user>(*db, st, "users_with_tag", user_row);
}

}  // namespace parley::store::sqlite

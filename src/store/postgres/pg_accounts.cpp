// pg_accounts: users, sessions, profiles and tags.
#include "store/postgres/pg_accounts.hpp"

#include "store/postgres/pg_rows.hpp"

namespace parley::store::postgres {
namespace {
const std::string select_user = "SELECT " + user_columns + " FROM users u ";

/// Removes every session of a user but `keep` (a token hash; "" keeps none) inside the caller's
/// transaction; returns the token hashes removed.
result<std::vector<std::string>> end_sessions(pg_connection& c, id_t user_id,
                                              std::string_view keep) {
    auto ended =
        c.query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2 RETURNING token_hash",
                user_id, keep);
    return rows<std::string>(ended, "end sessions",
                             [](const pg_result& r, int row) { return r.text(row, 0); });
}

}  // namespace

result<user> pg_accounts::create_user(const new_user& u, millis_t now) {
    return query_one<user>(pool_, "create_user", user_row,
                           "INSERT INTO users AS u (username, email, password_hash, created_at)"
                           " VALUES ($1, $2, $3, $4) RETURNING " +
                               user_columns,
                           u.username, u.email, u.password_hash, now);
}

result<user_credentials> pg_accounts::find_credentials(std::string_view username) {
    return query_one<user_credentials>(
        pool_, "find_credentials",
        [](const pg_result& res, int row) {
            return user_credentials{read_user(res, row), res.text(row, user_column_count),
                                    res.boolean(row, user_column_count + 1)};
        },
        "SELECT " + user_columns +
            ", u.password_hash, u.disabled_at IS NOT NULL FROM users u"
            " WHERE lower(u.username) = lower($1)",
        username);
}

result<user> pg_accounts::find_user(id_t id) {
    return query_one<user>(pool_, "find_user", user_row, select_user + "WHERE u.id = $1", id);
}

result<user> pg_accounts::find_user_by_name(std::string_view username) {
    return query_one<user>(pool_, "find_user_by_name", user_row,
                           select_user + "WHERE lower(u.username) = lower($1)", username);
}

result<user> pg_accounts::update_profile(id_t id, const profile_fields& p) {
    return query_one<user>(
        pool_, "update_profile", user_row,
        "UPDATE users AS u SET nickname = $1, email = $2, avatar = $3 WHERE u.id = $4"
        " RETURNING " +
            user_columns,
        p.nickname, p.email, p.avatar, id);
}

result<std::vector<user>> pg_accounts::search_users(std::string_view prefix, int limit) {
    // ~>=~ and ~<~ compare bytes, as the text_pattern_ops indexes on lower(username) and
    // lower(nickname) are ordered: [p, p || U+10FFFF) is "starts with p", one range scan each.
    return query_rows<user>(pool_, "search_users", user_row,
                            select_user +
                                "WHERE u.id IN ("
                                " SELECT id FROM users WHERE lower(username) ~>=~ lower($1)"
                                "  AND lower(username) ~<~ (lower($1) || chr(1114111))"
                                " UNION SELECT id FROM users WHERE lower(nickname) ~>=~ lower($1)"
                                "  AND lower(nickname) ~<~ (lower($1) || chr(1114111)))"
                                " AND u.disabled_at IS NULL ORDER BY u.username LIMIT $2",
                            prefix, limit);
}

result<std::vector<std::string>> pg_accounts::user_tags(id_t user_id) {
    auto r =
        run(pool_, "SELECT tag_name FROM user_tags WHERE user_id = $1 ORDER BY tag_name", user_id);
    if (!r) return r.error();
    return rows<std::string>(*r, "user_tags",
                             [](const pg_result& res, int row) { return res.text(row, 0); });
}

result<void> pg_accounts::add_tag(id_t user_id, std::string_view tag, millis_t now) {
    auto n = command(pool_, "add_tag",
                     "INSERT INTO user_tags(user_id, tag_name, created_at) VALUES ($1, $2, $3)"
                     " ON CONFLICT DO NOTHING",
                     user_id, tag, now);
    if (!n) return n.error();
    return {};
}

result<bool> pg_accounts::remove_tag(id_t user_id, std::string_view tag) {
    auto n = command(pool_, "remove_tag",
                     "DELETE FROM user_tags WHERE user_id = $1 AND tag_name = $2", user_id, tag);
    if (!n) return {boost::system::in_place_error, n.error()};
    return *n > 0;
}

result<std::vector<tag_count>> pg_accounts::all_tags() {
    auto r =
        run(pool_, "SELECT tag_name, count(*) FROM user_tags GROUP BY tag_name ORDER BY tag_name");
    if (!r) return r.error();
    return rows<tag_count>(*r, "all_tags", [](const pg_result& res, int row) {
        return tag_count{res.text(row, 0), res.int64(row, 1)};
    });
}

result<std::vector<user>> pg_accounts::users_with_tag(std::string_view tag) {
    return query_rows<user>(pool_, "users_with_tag", user_row,
                            "SELECT " + user_columns +
                                " FROM user_tags t JOIN users u ON u.id = t.user_id"
                                " WHERE t.tag_name = $1 ORDER BY u.username",
                            tag);
}

result<void> pg_accounts::create_session(const session& s) {
    return in_transaction(pool_, "create_session", [&](pg_connection& c) -> result<void> {
        // Expired sessions of this user are swept here, so the table does not grow forever.
        auto sweep = c.query("DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2",
                             s.user_id, s.created_at);
        if (!sweep.ok()) return fail(sweep, "sweep sessions");
        if (s.verified_hash) {
            // FOR SHARE waits for a password change in flight and then sees its new hash; a
            // change that comes later waits for this transaction, and its DELETE of the user's
            // sessions then sees this one.
            auto same =
                c.query("SELECT 1 FROM users WHERE id = $1 AND password_hash = $2 FOR SHARE",
                        s.user_id, s.verified_hash);
            if (!same.ok()) return fail(same, "check password");
            if (same.rows() == 0) return errc::conflict;
        }
        auto add = c.query(
            "INSERT INTO sessions(token_hash, user_id, created_at, expires_at)"
            " VALUES ($1, $2, $3, $4)",
            s.token_hash, s.user_id, s.created_at, s.expires_at);
        if (!add.ok()) return fail(add, "create_session");
        return {};
    });
}

result<std::vector<std::string>> pg_accounts::change_password(id_t user_id,
                                                              std::string_view password_hash,
                                                              std::string_view keep) {
    return in_transaction(
        pool_, "change_password", [&](pg_connection& c) -> result<std::vector<std::string>> {
            auto set = c.query("UPDATE users SET password_hash = $1 WHERE id = $2 RETURNING id",
                               password_hash, user_id);
            if (auto found = one<id_t>(set, "set password",
                                       [](const pg_result& r, int row) { return r.int64(row, 0); });
                !found)
                return found.error();
            return end_sessions(c, user_id, keep);
        });
}

result<std::vector<std::string>> pg_accounts::set_disabled(id_t user_id, bool disabled,
                                                           millis_t now) {
    return in_transaction(
        pool_, "set_disabled", [&](pg_connection& c) -> result<std::vector<std::string>> {
            auto set = c.query(
                "UPDATE users SET disabled_at = CASE WHEN $1 THEN coalesce(disabled_at, $2) END"
                " WHERE id = $3 RETURNING id",
                disabled, now, user_id);
            if (auto found = one<id_t>(set, "set disabled",
                                       [](const pg_result& r, int row) { return r.int64(row, 0); });
                !found)
                return found.error();
            if (!disabled) return std::vector<std::string>{};
            return end_sessions(c, user_id, "");
        });
}

result<std::vector<std::string>> pg_accounts::delete_user(id_t user_id, millis_t now) {
    return in_transaction(
        pool_, "delete_user", [&](pg_connection& c) -> result<std::vector<std::string>> {
            auto set = c.query(
                "UPDATE users SET username = $1, nickname = NULL, email = NULL, avatar = NULL,"
                " password_hash = '', disabled_at = coalesce(disabled_at, $2) WHERE id = $3"
                " RETURNING id",
                deleted_username(user_id), now, user_id);
            if (auto found = one<id_t>(set, "delete user",
                                       [](const pg_result& r, int row) { return r.int64(row, 0); });
                !found)
                return found.error();
            for (const char* sql : {"DELETE FROM user_tags WHERE user_id = $1",
                                    "DELETE FROM group_members WHERE user_id = $1"}) {
                if (auto r = c.query(sql, user_id); !r.ok()) return fail(r, "delete user rows");
            }
            return end_sessions(c, user_id, "");
        });
}

result<session_user> pg_accounts::find_session_user(std::string_view token_hash, millis_t now) {
    return query_one<session_user>(
        pool_, "find_session_user",
        [](const pg_result& r, int row) {
            return session_user{read_user(r, row), r.int64(row, user_column_count)};
        },
        "SELECT " + user_columns +
            ", s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id"
            " WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL",
        token_hash, now);
}

result<std::vector<std::string>> pg_accounts::live_sessions(
    const std::vector<std::string>& token_hashes, millis_t now) {
    if (token_hashes.empty()) return std::vector<std::string>{};
    return query_rows<std::string>(
        pool_, "live_sessions", [](const pg_result& r, int row) { return r.text(row, 0); },
        "SELECT s.token_hash FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash IN (SELECT json_array_elements_text($1::json))"
        " AND s.expires_at > $2 AND u.disabled_at IS NULL",
        json_array(token_hashes), now);
}

result<std::vector<std::string>> pg_accounts::delete_sessions(id_t user_id) {
    auto ended =
        run(pool_, "DELETE FROM sessions WHERE user_id = $1 RETURNING token_hash", user_id);
    if (!ended) return ended.error();
    return rows<std::string>(*ended, "delete_sessions",
                             [](const pg_result& r, int row) { return r.text(row, 0); });
}

result<void> pg_accounts::delete_session(std::string_view token_hash) {
    auto n =
        command(pool_, "delete_session", "DELETE FROM sessions WHERE token_hash = $1", token_hash);
    if (!n) return n.error();
    return {};
}

}  // namespace parley::store::postgres

#pragma once
// Column lists, row readers and query helpers shared by the PostgreSQL backend. Internal to
// store/postgres/.
#include <string>
#include <vector>

#include "config.hpp"
#include "store/errors.hpp"
#include "store/files.hpp"
#include "store/postgres/pg_pool.hpp"
#include "store/reactions_text.hpp"
#include "store/types.hpp"

namespace parley::store::postgres {

/// Columns read by read_user, for a `users` table aliased `u`.
inline const std::string user_columns =
    "u.id, u.username, u.nickname, u.email, u.avatar, u.created_at";
constexpr int user_column_count = 6;

inline user read_user(const pg_result& r, int row, int first = 0) {
    return user{r.int64(row, first),
                r.text(row, first + 1),
                r.optional_text(row, first + 2),
                r.optional_text(row, first + 3),
                r.optional_text(row, first + 4),
                r.int64(row, first + 5)};
}

/// Columns read by read_room, for a `groups` table aliased `g`.
inline const std::string room_columns =
    "g.id, g.name, g.private, g.kind, coalesce(g.created_by, 0), g.created_at, g.last_seq,"
    " g.topic";
constexpr int room_column_count = 8;

inline room read_room(const pg_result& r, int row, int first = 0) {
    return room{r.int64(row, first),       r.text(row, first + 1),
                r.boolean(row, first + 2), stored_room_kind(r.text(row, first + 3)),
                r.int64(row, first + 4),   r.int64(row, first + 5),
                r.int64(row, first + 6),   r.text(row, first + 7)};
}

/// Columns read by read_message, for `messages m JOIN users <sender>`. A reply's quote is only its
/// id here: the page reads fill in the rest.
inline std::string message_columns_of(const std::string& sender) {
    return "m.id, m.group_id, m.user_id, " + sender +
           ".username, m.content, m.created_at, m.seq, m.client_msg_id,"
           " m.kind, coalesce(m.target_id, 0), m.reply_to, m.edited_at, m.deleted_at IS NOT NULL,"
           " coalesce(m.reaction_on, false), coalesce(m.reaction_count, 0)";
}
inline const std::string message_columns = message_columns_of("u");

inline message read_message(const pg_result& r, int row, int first = 0) {
    message m{r.int64(row, first),     r.int64(row, first + 1),        r.int64(row, first + 2),
              r.text(row, first + 3),  r.text(row, first + 4),         r.int64(row, first + 5),
              r.int64(row, first + 6), r.optional_text(row, first + 7)};
    m.kind = static_cast<event_kind>(r.int64(row, first + 8));
    m.target_id = r.int64(row, first + 9);
    if (!r.is_null(row, first + 10)) m.reply = reply_quote{r.int64(row, first + 10), {}, {}, false};
    if (!r.is_null(row, first + 11)) m.edited_at = r.int64(row, first + 11);
    m.deleted = r.boolean(row, first + 12);
    m.reaction_on = r.boolean(row, first + 13);
    m.reaction_count = r.int64(row, first + 14);
    return m;
}

/// A message's files as a JSON list (see parse_file_list), for `messages m`; NULL for none.
inline const std::string file_list_column =
    "(SELECT json_agg(json_build_array(fl.id, fl.name, fl.size, fl.content_type, fl.width,"
    " fl.height, fl.thumb_blob IS NOT NULL) ORDER BY fl.position) FROM files fl"
    " WHERE fl.message_id = m.id)";

/// What a page read adds after message_columns, with decoration_joins: the replied message's
/// sender, quote and deleted flag, and the reactions (see parse_reactions).
inline const std::string decoration_columns =
    ", qu.username, left(q.content, " + std::to_string(limits::reply_quote_chars) +
    "), q.deleted_at IS NOT NULL, (SELECT string_agg(emoji || ':' || user_id, E'\\n'"
    " ORDER BY created_at, user_id) FROM reactions r WHERE r.message_id = m.id), " +
    file_list_column;
inline const std::string decoration_joins =
    " LEFT JOIN messages q ON q.id = m.reply_to LEFT JOIN users qu ON qu.id = q.user_id ";

/// read_message with the decoration_columns that follow it.
inline message read_decorated_message(const pg_result& r, int row) {
    message m = read_message(r, row);
    constexpr int d = 15;  // the first decoration column
    if (m.reply)
        m.reply =
            reply_quote{m.reply->id, r.text(row, d), r.text(row, d + 1), r.boolean(row, d + 2)};
    if (!r.is_null(row, d + 3)) m.reactions = parse_reactions(r.text(row, d + 3));
    if (!r.is_null(row, d + 4)) m.files = parse_file_list(r.text(row, d + 4));
    return m;
}

/// "{1,2,3}": ids as a PostgreSQL array literal.
inline std::string id_array(const std::vector<id_t>& ids) {
    std::string out = "{";
    for (id_t id : ids) out += std::to_string(id) + ",";
    if (out.size() > 1) out.pop_back();
    return out + "}";
}

/// "($1::bigint, $2::text), ($3, $4), ...": `rows` rows of `casts` (each "" for none), numbered
/// from 1.
inline std::string values_list(std::size_t rows, const std::vector<std::string>& casts) {
    std::string out;
    int n = 1;
    for (std::size_t r = 0; r < rows; ++r) {
        out += r ? ", (" : "(";
        for (std::size_t c = 0; c < casts.size(); ++c) {
            out += (c ? ", $" : "$") + std::to_string(n++);
            if (r == 0) out += casts[c];
        }
        out += ")";
    }
    return out;
}

/// Every row of a successful result read with `read(result, row)`, or the failure.
template <class T, class Read>
result<std::vector<T>> rows(const pg_result& r, const char* what, Read read) {
    if (!r.ok()) return fail(r, what);
    std::vector<T> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) out.push_back(read(r, i));
    return out;
}

/// The one row of a result, or not_found, or the failure.
template <class T, class Read>
result<T> one(const pg_result& r, const char* what, Read read) {
    if (!r.ok()) return fail(r, what);
    if (r.rows() == 0) return errc::not_found;
    return read(r, 0);
}

/// How many rows a command changed, or the failure.
inline result<std::int64_t> changed(const pg_result& r, const char* what) {
    if (!r.ok()) return fail(r, what);
    return r.affected();
}

/// Runs one statement on a pooled connection; unavailable if no connection can be had. A read
/// whose connection broke under it (ended after the pool's check) runs once more on another
/// connection; anything else is not repeated, since it may have been applied.
template <class... Args>
result<pg_result> run(pg_pool& pool, const std::string& sql, const Args&... args) {
    const bool read_only = sql.starts_with("SELECT ");
    for (int attempt = 0;; ++attempt) {
        auto c = pool.acquire();
        if (!c) return c.error();
        auto r = (*c)->query(sql, args...);
        if (r.ok() || (*c)->healthy() || !read_only || attempt > 0) return r;
    }
}

/// One row read by `sql` with `read`, or not_found, or the failure.
template <class T, class Read, class... Args>
result<T> query_one(pg_pool& pool, const char* what, Read read, const std::string& sql,
                    const Args&... args) {
    auto r = run(pool, sql, args...);
    if (!r) return r.error();
    return one<T>(*r, what, read);
}

/// Every row read by `sql` with `read`, or the failure.
template <class T, class Read, class... Args>
result<std::vector<T>> query_rows(pg_pool& pool, const char* what, Read read,
                                  const std::string& sql, const Args&... args) {
    auto r = run(pool, sql, args...);
    if (!r) return r.error();
    return rows<T>(*r, what, read);
}

/// How many rows a command changed, or the failure.
template <class... Args>
result<std::int64_t> command(pg_pool& pool, const char* what, const std::string& sql,
                             const Args&... args) {
    auto r = run(pool, sql, args...);
    if (!r) return r.error();
    return changed(*r, what);
}

inline user user_row(const pg_result& r, int row) { return read_user(r, row); }
inline room room_row(const pg_result& r, int row) { return read_room(r, row); }
inline message message_row(const pg_result& r, int row) { return read_message(r, row); }

/// Runs `body(connection)` inside BEGIN ... COMMIT on a pooled connection; rolls back when body
/// fails (the lease does). Returns body's result, or unavailable if the pool or COMMIT fails.
/// When the connection breaks before COMMIT is sent, nothing was applied (the server rolls back
/// a transaction whose session ends), so the whole transaction runs once more on another
/// connection; a COMMIT whose answer is lost is not repeated.
template <class Body>
auto in_transaction(pg_pool& pool, const char* what, Body body)
    -> decltype(body(std::declval<pg_connection&>())) {
    for (int attempt = 0;; ++attempt) {
        auto c = pool.acquire();
        if (!c) return c.error();
        const bool last = attempt > 0;
        if (auto b = (*c)->exec("BEGIN"); !b.ok()) {
            if (!last && !(*c)->healthy()) continue;
            return fail(b, what);
        }
        auto out = body(**c);
        if (!out && !last && !(*c)->healthy()) continue;
        if (!out) return out;  // the lease rolls back
        if (auto done = (*c)->exec("COMMIT"); !done.ok()) return fail(done, what);
        return out;
    }
}

}  // namespace parley::store::postgres

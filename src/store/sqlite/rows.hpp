#pragma once
// Column lists, row readers and query helpers shared by the SQLite backend. Internal to sqlite/.
#include <string>
#include <vector>

#include "config.hpp"
#include "store/errors.hpp"
#include "store/files.hpp"
#include "store/reactions_text.hpp"
#include "store/sqlite/sqlite_db.hpp"
#include "store/types.hpp"

namespace parley::store::sqlite {

/// Columns read by read_user, for a `users` table aliased `u`.
inline const std::string user_columns =
    "u.id, u.username, u.nickname, u.email, u.avatar, u.created_at";
constexpr int user_column_count = 6;
/// The same columns unqualified, for RETURNING clauses.
inline const std::string user_returning = "id, username, nickname, email, avatar, created_at";

inline user read_user(const statement& st, int first = 0) {
    return user{st.int64(first),
                st.text(first + 1),
                st.optional_text(first + 2),
                st.optional_text(first + 3),
                st.optional_text(first + 4),
                st.int64(first + 5)};
}

/// Columns read by read_room, for a `groups` table aliased `g`.
inline const std::string room_columns =
    "g.id, g.name, g.private, g.kind, coalesce(g.created_by, 0), g.created_at, g.last_seq,"
    " g.topic";
constexpr int room_column_count = 8;
inline const std::string room_returning =
    "id, name, private, kind, coalesce(created_by, 0), created_at, last_seq, topic";

inline room read_room(const statement& st, int first = 0) {
    return room{st.int64(first),          st.text(first + 1),
                st.int64(first + 2) != 0, stored_room_kind(st.text(first + 3)),
                st.int64(first + 4),      st.int64(first + 5),
                st.int64(first + 6),      st.text(first + 7)};
}

/// Columns read by read_message, for `messages m JOIN users <sender>`. A reply's quote is only its
/// id here: the page reads fill in the rest.
inline std::string message_columns_of(const std::string& sender) {
    return "m.id, m.group_id, m.user_id, " + sender +
           ".username, m.content, m.created_at, m.seq, m.client_msg_id,"
           " m.kind, coalesce(m.target_id, 0), m.reply_to, m.edited_at, m.deleted_at IS NOT NULL,"
           " coalesce(m.reaction_on, 0), coalesce(m.reaction_count, 0)";
}
inline const std::string message_columns = message_columns_of("u");

inline message read_message(const statement& st, int first = 0) {
    message m{st.int64(first),     st.int64(first + 1),        st.int64(first + 2),
              st.text(first + 3),  st.text(first + 4),         st.int64(first + 5),
              st.int64(first + 6), st.optional_text(first + 7)};
    m.kind = static_cast<event_kind>(st.int64(first + 8));
    m.target_id = st.int64(first + 9);
    if (!st.is_null(first + 10)) m.reply = reply_quote{st.int64(first + 10), {}, {}, false};
    if (!st.is_null(first + 11)) m.edited_at = st.int64(first + 11);
    m.deleted = st.int64(first + 12) != 0;
    m.reaction_on = st.int64(first + 13) != 0;
    m.reaction_count = st.int64(first + 14);
    return m;
}

/// A message's files as a JSON list (see parse_file_list), for `messages m`.
inline const std::string file_list_column =
    "(SELECT json_group_array(json_array(fl.id, fl.name, fl.size, fl.content_type, fl.width,"
    " fl.height, fl.thumb_blob IS NOT NULL)) FROM (SELECT * FROM files fl WHERE"
    " fl.message_id = m.id ORDER BY fl.position) fl)";

/// What a page read adds after message_columns, with decoration_joins: the replied message's
/// sender, quote and deleted flag, and the reactions (see parse_reactions).
inline const std::string decoration_columns =
    ", qu.username, substr(q.content, 1, " + std::to_string(limits::reply_quote_chars) +
    "), q.deleted_at IS NOT NULL, (SELECT group_concat(emoji || ':' || user_id, char(10)) FROM"
    " (SELECT emoji, user_id FROM reactions r WHERE r.message_id = m.id"
    " ORDER BY created_at, user_id)), " +
    file_list_column;
inline const std::string decoration_joins =
    " LEFT JOIN messages q ON q.id = m.reply_to LEFT JOIN users qu ON qu.id = q.user_id ";

/// read_message with the decoration_columns that follow it.
inline message read_decorated_message(const statement& st) {
    message m = read_message(st);
    constexpr int d = 15;  // the first decoration column
    if (m.reply)
        m.reply = reply_quote{m.reply->id, st.text(d), st.text(d + 1), st.int64(d + 2) != 0};
    if (!st.is_null(d + 3)) m.reactions = parse_reactions(st.text(d + 3));
    m.files = parse_file_list(st.text(d + 4));
    return m;
}

/// Maps the connection's last error to an errc and logs what SQLite said.
boost::system::error_code fail(connection& db, const char* what);

/// Runs a prepared statement that returns no rows; returns how many rows it changed.
result<int> run(connection& db, statement* st, const char* what);

/// Runs a prepared query and reads every row with `read`.
template <class T, class Read>
result<std::vector<T>> rows(connection& db, statement* st, const char* what, Read read) {
    if (!st) return fail(db, what);
    std::vector<T> out;
    int rc;
    while ((rc = st->step()) == SQLITE_ROW) out.push_back(read(*st));
    if (rc != SQLITE_DONE) return fail(db, what);
    return out;
}

/// Runs a prepared query and reads its one row, or not_found.
template <class T, class Read>
result<T> one(connection& db, statement* st, const char* what, Read read) {
    if (!st) return fail(db, what);
    const int rc = st->step();
    if (rc == SQLITE_DONE) return errc::not_found;
    if (rc != SQLITE_ROW) return fail(db, what);
    T value = read(*st);
    // An INSERT/UPDATE ... RETURNING outside a transaction commits on this step: a commit
    // that fails (disk full, I/O error) undoes the change, and the row read is then a lie.
    if (const int done = st->step(); done != SQLITE_DONE && done != SQLITE_ROW)
        return fail(db, what);
    return value;
}

/// Starts a transaction (BEGIN IMMEDIATE for writes, BEGIN for a consistent read); returns
/// false (with the error left on the connection) if it cannot.
inline bool begin(connection& db, bool for_write) {
    return db.exec(for_write ? "BEGIN IMMEDIATE" : "BEGIN") == SQLITE_OK;
}

/// Undoes a transaction unless it was committed.
class transaction_guard {
  public:
    explicit transaction_guard(connection& db) : db_(db) {}
    ~transaction_guard() {
        if (!done_) db_.exec("ROLLBACK");
    }
    void committed() { done_ = true; }

  private:
    connection& db_;
    bool done_ = false;
};

}  // namespace parley::store::sqlite

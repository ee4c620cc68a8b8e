#pragma once
// Column lists, row readers and query helpers shared by the SQLite backend. Internal to sqlite/.
#include <string>
#include <vector>

#include "store/errors.hpp"
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
    return room{st.int64(first),     st.text(first + 1),  st.int64(first + 2) != 0,
                st.text(first + 3),  st.int64(first + 4), st.int64(first + 5),
                st.int64(first + 6), st.text(first + 7)};
}

/// Columns read by read_message, for `messages m JOIN users u`.
inline const std::string message_columns =
    "m.id, m.group_id, m.user_id, u.username, m.content, m.created_at, m.seq, m.client_msg_id";

inline message read_message(const statement& st, int first = 0) {
    return message{st.int64(first),     st.int64(first + 1),        st.int64(first + 2),
                   st.text(first + 3),  st.text(first + 4),         st.int64(first + 5),
                   st.int64(first + 6), st.optional_text(first + 7)};
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
    st->step();  // let an INSERT/UPDATE ... RETURNING finish
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

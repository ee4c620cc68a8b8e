#pragma once
// Column lists and row readers shared by the SQLite store's files. Internal to sqlite/.
#include <string>

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

/// Columns read by read_group, for a `groups` table aliased `g`.
inline const std::string group_columns =
    "g.id, g.name, g.private, g.kind, coalesce(g.created_by, 0), g.created_at, g.last_seq";
constexpr int group_column_count = 7;
inline const std::string group_returning =
    "id, name, private, kind, coalesce(created_by, 0), created_at, last_seq";

inline group read_group(const statement& st, int first = 0) {
    return group{st.int64(first),    st.text(first + 1),  st.int64(first + 2) != 0,
                 st.text(first + 3), st.int64(first + 4), st.int64(first + 5),
                 st.int64(first + 6)};
}

/// Columns read by read_message, for `messages m JOIN users u`.
inline const std::string message_columns =
    "m.id, m.group_id, m.user_id, u.username, m.content, m.created_at, m.seq, m.client_msg_id";

inline message read_message(const statement& st, int first = 0) {
    return message{st.int64(first),     st.int64(first + 1),        st.int64(first + 2),
                   st.text(first + 3),  st.text(first + 4),         st.int64(first + 5),
                   st.int64(first + 6), st.optional_text(first + 7)};
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

// sqlite_store: messages.
#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace parley::store::sqlite {
namespace {

message message_row(const statement& s) { return read_message(s); }

}  // namespace

result<std::vector<message>> sqlite_store::recent_messages(id_t group_id, int limit) {
    return messages_before(group_id, INT64_MAX, limit);
}

result<std::vector<message>> sqlite_store::messages_before(id_t group_id, id_t before_id,
                                                           int limit) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare(
        "SELECT * FROM (SELECT " + message_columns +
        " FROM messages m JOIN users u ON u.id = m.user_id WHERE m.group_id = ? AND m.id < ?"
        " ORDER BY m.id DESC LIMIT ?) ORDER BY id");
    if (st) {
        st->bind(1, group_id);
        st->bind(2, before_id);
        st->bind(3, std::int64_t{limit});
    }
    return rows<message>(st, "messages_before", message_row);
}

std::vector<result<message>> sqlite_store::save_messages(std::span<const new_message> batch) {
    std::lock_guard lock(mutex_);
    std::vector<result<message>> out;
    out.reserve(batch.size());
    auto fail_all = [&](const char* what) {
        const auto ec = fail(what);
        out.assign(batch.size(), ec);
        return out;
    };
    if (db_->exec("BEGIN IMMEDIATE") != SQLITE_OK) return fail_all("begin save_messages");
    transaction_guard tx(*db_);
    for (const auto& m : batch) {
        // A savepoint per message: one bad row (e.g. a deleted room) fails alone.
        if (db_->exec("SAVEPOINT one_message") != SQLITE_OK) return fail_all("savepoint");
        auto* st = db_->prepare(
            "INSERT INTO messages(group_id, user_id, content, created_at) VALUES (?, ?, ?, ?)");
        if (st) {
            st->bind(1, m.group_id);
            st->bind(2, m.user_id);
            st->bind(3, std::string_view(m.text));
            st->bind(4, m.created_at);
        }
        if (st && st->step() == SQLITE_DONE) {
            out.push_back(message{db_->last_insert_rowid(), m.group_id, m.user_id, m.sender, m.text,
                                  m.created_at});
            db_->exec("RELEASE one_message");
        } else {
            out.push_back(fail("insert message"));
            db_->exec("ROLLBACK TO one_message; RELEASE one_message");
        }
    }
    if (db_->exec("COMMIT") != SQLITE_OK) return fail_all("commit save_messages");
    tx.committed();
    return out;
}

}  // namespace parley::store::sqlite

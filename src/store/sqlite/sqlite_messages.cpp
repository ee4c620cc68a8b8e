// sqlite_store: messages.
#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace parley::store::sqlite {
namespace {

message message_row(const statement& s) { return read_message(s); }

const std::string message_select =
    "SELECT " + message_columns + " FROM messages m JOIN users u ON u.id = m.user_id ";

}  // namespace

result<std::vector<message>> sqlite_store::recent_messages(id_t group_id, int limit) {
    return messages_before_seq(group_id, INT64_MAX, limit);
}

result<std::vector<message>> sqlite_store::messages_before(id_t group_id, id_t before_id,
                                                           int limit) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare("SELECT * FROM (" + message_select +
                                "WHERE m.group_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?)"
                                " ORDER BY seq",
                            group_id, before_id, limit);
    return rows<message>(st, "messages_before", message_row);
}

result<std::vector<message>> sqlite_store::messages_after_seq(id_t group_id, std::int64_t after_seq,
                                                              int limit) {
    std::lock_guard lock(mutex_);
    auto* st =
        db_->prepare(message_select + "WHERE m.group_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?",
                     group_id, after_seq, limit);
    return rows<message>(st, "messages_after_seq", message_row);
}

result<std::vector<message>> sqlite_store::messages_before_seq(id_t group_id,
                                                               std::int64_t before_seq, int limit) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare("SELECT * FROM (" + message_select +
                                "WHERE m.group_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?)"
                                " ORDER BY seq",
                            group_id, before_seq, limit);
    return rows<message>(st, "messages_before_seq", message_row);
}

result<message> sqlite_store::find_by_client_id(id_t user_id, const std::string& client_msg_id) {
    auto* st = db_->prepare(message_select + "WHERE m.user_id = ? AND m.client_msg_id = ?", user_id,
                            client_msg_id);
    return one<message>(st, "find_by_client_id", message_row);
}

result<message> sqlite_store::insert_message(const new_message& m) {
    auto* next = db_->prepare(
        "UPDATE groups SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq", m.group_id);
    auto seq = one<std::int64_t>(next, "next seq", [](const statement& s) { return s.int64(0); });
    if (!seq) return seq.error() == errc::not_found ? errc::invalid_argument : seq.error();
    auto* st = db_->prepare(
        "INSERT INTO messages(group_id, user_id, content, created_at, seq, client_msg_id)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        m.group_id, m.user_id, m.text, m.created_at, *seq, m.client_msg_id);
    if (auto r = run(st, "insert message"); !r) return r.error();
    return message{
        db_->last_insert_rowid(), m.group_id, m.user_id, m.sender, m.text, m.created_at, *seq,
        m.client_msg_id};
}

std::vector<result<saved_message>> sqlite_store::save_messages(std::span<const new_message> batch) {
    std::lock_guard lock(mutex_);
    std::vector<result<saved_message>> out;
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
        auto stored = insert_message(m);
        if (stored) {
            out.push_back(saved_message{std::move(*stored), false});
            db_->exec("RELEASE one_message");
            continue;
        }
        db_->exec("ROLLBACK TO one_message; RELEASE one_message");
        // A retried clientMsgId hits the unique index (so the common case costs no lookup):
        // it stores nothing new and answers with the original.
        if (stored.error() == errc::conflict && m.client_msg_id) {
            auto original = find_by_client_id(m.user_id, *m.client_msg_id);
            if (original) {
                out.push_back(saved_message{std::move(*original), true});
                continue;
            }
            if (original.error() != errc::not_found) return fail_all("find retry");
        }
        out.push_back(stored.error());
    }
    if (db_->exec("COMMIT") != SQLITE_OK) return fail_all("commit save_messages");
    tx.committed();
    return out;
}

}  // namespace parley::store::sqlite

#include "store/sqlite/sqlite_log.hpp"

#include <algorithm>
#include <tuple>
#include <vector>

#include "store/sqlite/rows.hpp"

namespace parley::store::sqlite {
namespace {

message message_row(const statement& s) { return read_message(s); }

const std::string message_select =
    "SELECT " + message_columns + " FROM messages m JOIN users u ON u.id = m.user_id ";

/// Inside the batch's transaction: the stored original of a retry, or not_found.
result<message> find_by_client_id(connection& db, const new_message& m) {
    auto* st = db.prepare(
        message_select + "WHERE m.user_id = ? AND m.group_id = ? AND m.client_msg_id = ?",
        m.user_id, m.room_id, *m.client_msg_id);
    return one<message>(db, st, "find_by_client_id", message_row);
}

/// Inside the batch's transaction: stores one new message with its room's next seq.
result<message> insert_message(connection& db, const new_message& m) {
    auto* next = db.prepare(
        "UPDATE groups SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq", m.room_id);
    auto seq =
        one<std::int64_t>(db, next, "next seq", [](const statement& s) { return s.int64(0); });
    if (!seq) return seq.error() == errc::not_found ? errc::invalid_argument : seq.error();
    auto* st = db.prepare(
        "INSERT INTO messages(group_id, user_id, content, created_at, seq, client_msg_id)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        m.room_id, m.user_id, m.text, m.created_at, *seq, m.client_msg_id);
    if (auto r = run(db, st, "insert message"); !r) return r.error();
    return message{db.last_insert_rowid(), m.room_id, m.user_id,      m.sender, m.text,
                   m.created_at,           *seq,      m.client_msg_id};
}

/// The SQL of one page read; each fetches one row more than asked, to tell whether more exist.
std::string page_sql(page_request::from where) {
    switch (where) {
        case page_request::from::after_seq:
            return message_select + "WHERE m.group_id = ?1 AND m.seq > ?2 ORDER BY m.seq LIMIT ?3";
        case page_request::from::before_id:
            return "SELECT * FROM (" + message_select +
                   "WHERE m.group_id = ?1 AND m.id < ?2 ORDER BY m.id DESC LIMIT ?3) ORDER BY seq";
        case page_request::from::newest:
        case page_request::from::before_seq:
            break;
    }
    return "SELECT * FROM (" + message_select +
           "WHERE m.group_id = ?1 AND m.seq < ?2 ORDER BY m.seq DESC LIMIT ?3) ORDER BY seq";
}

}  // namespace

sqlite_log::sqlite_log(database& db, std::size_t max_batch)
    : db_(db), queue_(max_batch, [this](std::span<const pending_append> batch) {
          return store_batch(batch);
      }) {}

void sqlite_log::append(new_message m, append_callback done) {
    queue_.append(std::move(m), std::move(done));
}

void sqlite_log::close() { queue_.close(); }

log_stats sqlite_log::stats() const { return queue_.stats(); }

std::vector<result<saved_message>> sqlite_log::store_batch(std::span<const pending_append> batch) {
    auto db = db_.write();
    std::vector<result<saved_message>> out;
    out.reserve(batch.size());
    auto fail_all = [&](const char* what) {
        const auto ec = fail(*db, what);
        out.assign(batch.size(), ec);
        return out;
    };
    if (!begin(*db, true)) return fail_all("begin append");
    transaction_guard tx(*db);
    for (const auto& [m, _] : batch) {
        // A savepoint per message: one bad row (e.g. a deleted room) fails alone.
        if (db->exec("SAVEPOINT one_message") != SQLITE_OK) return fail_all("savepoint");
        auto stored = insert_message(*db, m);
        if (stored) {
            out.push_back(saved_message{std::move(*stored), false});
            db->exec("RELEASE one_message");
            continue;
        }
        // After a full disk or an I/O error SQLite may have rolled the whole batch back: then
        // nothing of it is stored, and every message must hear so.
        if (!db->in_transaction()) return fail_all("append");
        db->exec("ROLLBACK TO one_message; RELEASE one_message");
        // A retried clientMsgId hits the unique index (so the common case costs no lookup):
        // it stores nothing new and answers with the original.
        if (stored.error() == errc::conflict && m.client_msg_id) {
            auto original = find_by_client_id(*db, m);
            if (original) {
                out.push_back(saved_message{std::move(*original), true});
                continue;
            }
            if (original.error() != errc::not_found) return fail_all("find retry");
        }
        out.push_back(stored.error());
    }
    if (db->exec("COMMIT") != SQLITE_OK) return fail_all("commit append");
    tx.committed();
    return out;
}

result<std::vector<std::pair<id_t, std::int64_t>>> sqlite_log::last_seqs(
    const std::vector<id_t>& rooms) {
    std::string ids = "[";
    for (id_t id : rooms) ids += (ids.size() > 1 ? "," : "") + std::to_string(id);
    ids += "]";
    auto db = db_.read();
    auto* st = db->prepare(
        "SELECT id, last_seq FROM groups WHERE id IN (SELECT value FROM json_each(?))", ids);
    return rows<std::pair<id_t, std::int64_t>>(*db, st, "last seqs", [](const statement& s) {
        return std::make_pair(s.int64(0), s.int64(1));
    });
}

result<std::vector<message>> sqlite_log::read_ranges(const std::vector<seq_range>& ranges) {
    // SQLite has no round trip to save: one indexed read per range, in one snapshot.
    auto db = db_.read();
    if (!begin(*db, false)) return fail(*db, "begin read");
    transaction_guard tx(*db);
    std::vector<message> out;
    for (const auto& r : ranges) {
        auto* st = db->prepare(message_select + "WHERE m.group_id = ? AND m.seq > ? AND m.seq <= ?",
                               r.room_id, r.after, r.through);
        auto some = rows<message>(*db, st, "read ranges", message_row);
        if (!some) return some.error();
        out.insert(out.end(), std::make_move_iterator(some->begin()),
                   std::make_move_iterator(some->end()));
    }
    if (db->exec("COMMIT") != SQLITE_OK) return fail(*db, "end read");
    tx.committed();
    std::sort(out.begin(), out.end(), [](const message& a, const message& b) {
        return std::tie(a.room_id, a.seq) < std::tie(b.room_id, b.seq);
    });
    return out;
}

result<page> sqlite_log::read(id_t room_id, const page_request& r) {
    auto db = db_.read();
    // One read transaction: the messages and the room's last seq come from one snapshot.
    if (!begin(*db, false)) return fail(*db, "begin read");
    transaction_guard tx(*db);
    auto* last = db->prepare("SELECT last_seq FROM groups WHERE id = ?", room_id);
    auto last_seq =
        one<std::int64_t>(*db, last, "last_seq", [](const statement& s) { return s.int64(0); });
    if (!last_seq) return last_seq.error();
    const std::int64_t bound = r.where == page_request::from::newest ? INT64_MAX : r.bound;
    auto* st = db->prepare(page_sql(r.where), room_id, bound, r.limit + 1);
    auto messages = rows<message>(*db, st, "read messages", message_row);
    if (!messages) return messages.error();
    if (db->exec("COMMIT") != SQLITE_OK) return fail(*db, "end read");
    tx.committed();

    page out{std::move(*messages), false, *last_seq};
    trim_to_limit(out, r);
    return out;
}

}  // namespace parley::store::sqlite

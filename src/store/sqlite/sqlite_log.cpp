#include "store/sqlite/sqlite_log.hpp"

#include <algorithm>
#include <tuple>
#include <vector>

#include "config.hpp"
#include "store/change_rules.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_changes.hpp"
#include "store/sqlite/sqlite_search.hpp"

namespace parley::store::sqlite {
namespace {

message message_row(const statement& s) { return read_decorated_message(s); }

const std::string message_select = "SELECT " + message_columns + decoration_columns +
                                   " FROM messages m JOIN users u ON u.id = m.user_id" +
                                   decoration_joins;

/// Inside the batch's transaction: the stored original of a retry, or not_found.
result<message> find_by_client_id(connection& db, const new_message& m) {
    auto* st = db.prepare(
        message_select + "WHERE m.user_id = ? AND m.group_id = ? AND m.client_msg_id = ?",
        m.user_id, m.room_id, *m.client_msg_id);
    return one<message>(db, st, "find_by_client_id", message_row);
}

/// The SQL of one page read; each fetches one row more than asked, to tell whether more exist.
/// Only a read forward by seq (a catch-up) returns changes too: the other pages show each
/// message as it is now, which already holds every change made to it.
std::string page_sql(page_request::from where) {
    switch (where) {
        case page_request::from::after_seq:
            return message_select + "WHERE m.group_id = ?1 AND m.seq > ?2 ORDER BY m.seq LIMIT ?3";
        case page_request::from::before_id:
            return "SELECT * FROM (" + message_select +
                   "WHERE m.group_id = ?1 AND m.id < ?2 AND m.kind = 0 ORDER BY m.id DESC"
                   " LIMIT ?3) ORDER BY seq";
        case page_request::from::around_seq:
            // The older half up to the seq and the newer half after it, one more each, to tell
            // whether more exist on either side.
            return "SELECT * FROM (SELECT * FROM (" + message_select +
                   "WHERE m.group_id = ?1 AND m.seq <= ?2 AND m.kind = 0 ORDER BY m.seq DESC"
                   " LIMIT ?3 / 2 + 1) UNION ALL SELECT * FROM (" +
                   message_select +
                   "WHERE m.group_id = ?1 AND m.seq > ?2 AND m.kind = 0 ORDER BY m.seq"
                   " LIMIT ?3 - ?3 / 2 + 1)) ORDER BY seq";
        case page_request::from::newest:
        case page_request::from::before_seq:
            break;
    }
    return "SELECT * FROM (" + message_select +
           "WHERE m.group_id = ?1 AND m.seq < ?2 AND m.kind = 0 ORDER BY m.seq DESC LIMIT ?3)"
           " ORDER BY seq";
}

}  // namespace

sqlite_log::sqlite_log(database& db, std::size_t max_batch)
    : db_(db),
      queue_(
          max_batch, [this](std::span<const pending_append> batch) { return store_batch(batch); },
          // Between batches the search index catches up a chunk at a time, once a whole chunk
          // waits (a step's transaction costs about as much as its first rows); what is left
          // waits until the log is quiet.
          [this](bool quiet) {
              constexpr int chunk = limits::search_index_chunk_rows;
              if (!quiet && unindexed_ < chunk) return false;
              auto more = index_pending(db_, chunk);
              const bool behind = more && *more == index_state::behind;
              // Still behind: at least another chunk's worth, so the next look goes on.
              unindexed_ = behind ? std::max(unindexed_ - chunk, std::int64_t{chunk}) : 0;
              return behind;
          },
          limits::search_index_quiet) {}

void sqlite_log::append(new_message m, append_callback done) {
    queue_.append(std::move(m), std::move(done));
}

void sqlite_log::append_many(std::vector<append_request> batch) {
    queue_.append_many(std::move(batch));
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
        // A savepoint per message: one bad row (e.g. a deleted room) fails alone. Prepared
        // once and cached, as every statement of the batch: no SQL is parsed per message.
        if (!run(*db, db->prepare("SAVEPOINT one_message"), "savepoint"))
            return fail_all("savepoint");
        auto stored = m.kind == event_kind::message ? store_message(*db, m) : store_change(*db, m);
        if (stored) {
            // A change that changed nothing may be the retry of one that did (the same
            // clientMsgId, its effect already there): it is answered with that one.
            if (stored->msg.seq == 0 && m.client_msg_id)
                if (auto original = find_by_client_id(*db, m))
                    stored = answer_retry(m, std::move(*original));
            out.push_back(std::move(stored));
            run(*db, db->prepare("RELEASE one_message"), "release");
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
                out.push_back(answer_retry(m, std::move(*original)));
                continue;
            }
            if (original.error() != errc::not_found) return fail_all("find retry");
        }
        out.push_back(stored.error());
    }
    if (db->exec("COMMIT") != SQLITE_OK) return fail_all("commit append");
    tx.committed();
    unindexed_ += static_cast<std::int64_t>(out.size());
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

result<search_results> sqlite_log::search(const search_request& r) {
    return search_messages(db_, r);
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
    // around_seq's SQL adds one on each side itself.
    const int fetch = r.where == page_request::from::around_seq ? r.limit : r.limit + 1;
    auto* st = db->prepare(page_sql(r.where), room_id, bound, fetch);
    auto messages = rows<message>(*db, st, "read messages", message_row);
    if (!messages) return messages.error();
    if (db->exec("COMMIT") != SQLITE_OK) return fail(*db, "end read");
    tx.committed();

    page out{std::move(*messages), false, *last_seq};
    trim_to_limit(out, r);
    return out;
}

}  // namespace parley::store::sqlite

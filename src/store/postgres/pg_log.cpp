#include "store/postgres/pg_log.hpp"

#include <algorithm>
#include <climits>
#include <map>
#include <tuple>

#include "store/change_rules.hpp"
#include "store/postgres/pg_changes.hpp"
#include "store/postgres/pg_rows.hpp"
#include "text.hpp"

namespace parley::store::postgres {
namespace {

using outcomes = std::vector<result<saved_message>>;

const std::string message_select = "SELECT " + message_columns + decoration_columns +
                                   " FROM messages m JOIN users u ON u.id = m.user_id" +
                                   decoration_joins;

/// A failure of the fast path: a bad row (redo the batch message by message) or not.
bool bad_row(const pg_result& r) { return r.sqlstate().starts_with("23"); }

/// Inside the batch's transaction: locks the rooms' counter rows in id order; their last seqs.
result<std::map<id_t, std::int64_t>> lock_rooms(pg_connection& c,
                                                std::span<const pending_append> batch) {
    std::vector<id_t> ids;
    for (const auto& p : batch) ids.push_back(p.msg.room_id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    auto r = c.query(
        "SELECT id, last_seq FROM groups WHERE id = ANY($1::bigint[])"
        " ORDER BY id FOR UPDATE",
        id_array(ids));
    if (!r.ok()) return fail(r, "lock rooms");
    std::map<id_t, std::int64_t> out;
    for (int i = 0; i < r.rows(); ++i) out[r.int64(i, 0)] = r.int64(i, 1);
    return out;
}

/// What makes a send a retry of another: its sender, room and clientMsgId.
using retry_key = std::tuple<id_t, id_t, std::string>;

/// Inside the transaction: the stored messages of the batch's retried clientMsgIds.
result<std::map<retry_key, message>> find_retries(pg_connection& c,
                                                  std::span<const pending_append> batch) {
    std::vector<param> params;
    for (const auto& p : batch) {
        if (!p.msg.client_msg_id) continue;
        params.push_back(to_param(p.msg.user_id));
        params.push_back(to_param(p.msg.room_id));
        params.push_back(p.msg.client_msg_id);
    }
    std::map<retry_key, message> out;
    if (params.empty()) return out;
    // One index probe per key, whatever the planner thinks of the table: a LATERAL with
    // LIMIT is never turned into a hash join over the whole messages table, which is what a
    // plain IN (VALUES ...) became on a young table without statistics (seconds per batch).
    auto r = c.exec("SELECT " + message_columns + " FROM (VALUES " +
                        values_list(params.size() / 3, {"::bigint", "::bigint", "::text"}) +
                        ") AS k(user_id, group_id, client_msg_id) CROSS JOIN LATERAL (SELECT *"
                        " FROM messages WHERE user_id = k.user_id AND group_id = k.group_id"
                        " AND client_msg_id = k.client_msg_id LIMIT 1)"
                        " m JOIN users u ON u.id = m.user_id",
                    params);
    if (!r.ok()) return fail(r, "find retries");
    for (int i = 0; i < r.rows(); ++i) {
        auto m = read_message(r, i);
        out.emplace(retry_key{m.user_id, m.room_id, *m.client_msg_id}, std::move(m));
    }
    return out;
}

/// The whole batch in one transaction: conflict or invalid_argument when a row is bad (the
/// caller redoes it message by message), unavailable when the database failed.
result<outcomes> store_fast(pg_connection& c, std::span<const pending_append> batch) {
    if (auto b = c.exec("BEGIN"); !b.ok()) return fail(b, "begin append");
    auto seqs = lock_rooms(c, batch);
    if (!seqs) return seqs.error();
    auto retries = find_retries(c, batch);
    if (!retries) return retries.error();

    outcomes out(batch.size(), errc::unavailable);
    std::vector<param> rows;
    std::vector<std::size_t> inserted;                         // batch index of each row
    std::map<retry_key, std::size_t> in_batch;                 // a retry within the batch
    std::vector<std::pair<std::size_t, std::size_t>> repeats;  // (retry, original) indexes
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const auto& m = batch[i].msg;
        if (m.client_msg_id) {
            const retry_key key{m.user_id, m.room_id, *m.client_msg_id};
            if (auto it = retries->find(key); it != retries->end()) {
                out[i] = answer_retry(m, it->second);
                continue;
            }
            if (auto it = in_batch.find(key); it != in_batch.end()) {
                repeats.emplace_back(i, it->second);
                continue;
            }
            in_batch.emplace(key, i);
        }
        auto room = seqs->find(m.room_id);
        if (room == seqs->end()) return errc::invalid_argument;  // a deleted room's message
        const std::int64_t seq = ++room->second;
        out[i] = saved_message{
            {0, m.room_id, m.user_id, m.sender, m.text, m.created_at, seq, m.client_msg_id}, false};
        for (param p : {to_param(m.room_id), to_param(m.user_id), to_param(m.text),
                        to_param(m.created_at), to_param(seq), to_param(m.client_msg_id)})
            rows.push_back(std::move(p));
        inserted.push_back(i);
    }
    if (!inserted.empty()) {
        auto r = c.exec(
            "INSERT INTO messages(group_id, user_id, content, created_at, seq,"
            " client_msg_id) VALUES " +
                values_list(inserted.size(),
                            {"::bigint", "::bigint", "::text", "::bigint", "::bigint", "::text"}) +
                " RETURNING group_id, seq, id",
            rows);
        if (!r.ok()) return bad_row(r) ? errc::conflict : fail(r, "insert messages");
        std::map<std::pair<id_t, std::int64_t>, id_t> ids;
        for (int i = 0; i < r.rows(); ++i) ids[{r.int64(i, 0), r.int64(i, 1)}] = r.int64(i, 2);
        for (std::size_t i : inserted) out[i]->msg.id = ids[{out[i]->msg.room_id, out[i]->msg.seq}];

        std::vector<param> counters;
        for (const auto& [room, seq] : *seqs) {
            counters.push_back(to_param(room));
            counters.push_back(to_param(seq));
        }
        auto u = c.exec("UPDATE groups g SET last_seq = v.seq FROM (VALUES " +
                            values_list(seqs->size(), {"::bigint", "::bigint"}) +
                            ") AS v(id, seq) WHERE g.id = v.id AND g.last_seq <> v.seq",
                        counters);
        if (!u.ok()) return fail(u, "move room counters");
        for (std::size_t i : inserted)
            if (out[i]->msg.text.find('@') != std::string::npos)
                if (auto m = record_mentions(c, out[i]->msg); !m) return m.error();
    }
    for (auto [retry, original] : repeats) {
        if (!out[original]) return errc::conflict;
        out[retry] = answer_retry(batch[retry].msg, out[original]->msg);
    }
    if (auto done = c.exec("COMMIT"); !done.ok()) return fail(done, "commit append");
    return out;
}

/// The stored row of a retry (the sender's clientMsgId in the room), or not_found.
result<message> find_retry(pg_connection& c, const new_message& m) {
    auto original = c.query(
        message_select + "WHERE m.user_id = $1 AND m.group_id = $2 AND m.client_msg_id = $3",
        m.user_id, m.room_id, m.client_msg_id);
    return one<message>(original, "find retry", message_row);
}

/// The batch one message at a time, a savepoint each, so that a bad one fails alone.
result<outcomes> store_each(pg_connection& c, std::span<const pending_append> batch) {
    if (auto b = c.exec("BEGIN"); !b.ok()) return fail(b, "begin append");
    if (auto rooms = lock_rooms(c, batch); !rooms) return rooms.error();
    outcomes out;
    for (const auto& [m, _] : batch) {
        c.exec("SAVEPOINT one_message");
        auto stored = m.kind == event_kind::message ? store_message(c, m) : store_change(c, m);
        if (stored) {
            c.exec("RELEASE one_message");
            // A change that changed nothing may be the retry of one that did (the same
            // clientMsgId, its effect already there): it is answered with that one.
            if (stored->msg.seq == 0 && m.client_msg_id) {
                auto found = find_retry(c, m);
                if (found)
                    stored = answer_retry(m, std::move(*found));
                else if (found.error() != errc::not_found)
                    return found.error();
            }
            out.push_back(std::move(stored));
            continue;
        }
        const auto ec = stored.error();
        if (ec == errc::unavailable) return ec;
        c.exec("ROLLBACK TO one_message");
        c.exec("RELEASE one_message");
        if (ec == errc::conflict && m.client_msg_id) {
            auto found = find_retry(c, m);
            if (found) {
                out.push_back(answer_retry(m, std::move(*found)));
                continue;
            }
            if (found.error() != errc::not_found) return found.error();
        }
        out.push_back(ec);
    }
    if (auto done = c.exec("COMMIT"); !done.ok()) return fail(done, "commit append");
    return out;
}

/// Whether the batch holds only plain messages (no reply, no files), which the fast path stores in
/// one statement.
bool only_plain_messages(std::span<const pending_append> batch) {
    return std::all_of(batch.begin(), batch.end(), [](const pending_append& p) {
        return p.msg.kind == event_kind::message && !p.msg.reply_to && p.msg.files.empty();
    });
}

/// The SQL of one page read with the room's last seq, one snapshot: no row if the room does not
/// exist, one row of NULL message columns if it has none. Fetches one message more than asked,
/// to tell whether more exist (around_seq: one more on each side). Only a read forward by seq
/// returns changes too (see store::page).
std::string page_sql(page_request::from where) {
    std::string inner;
    switch (where) {
        case page_request::from::after_seq:
            inner = message_select + "WHERE m.group_id = $1 AND m.seq > $2 ORDER BY m.seq LIMIT $3";
            break;
        case page_request::from::before_id:
            inner = message_select +
                    "WHERE m.group_id = $1 AND m.id < $2 AND m.kind = 0 ORDER BY m.id DESC"
                    " LIMIT $3";
            break;
        case page_request::from::around_seq:
            inner = "(" + message_select +
                    "WHERE m.group_id = $1 AND m.seq <= $2 AND m.kind = 0 ORDER BY m.seq DESC"
                    " LIMIT $3::bigint / 2 + 1) UNION ALL (" +
                    message_select +
                    "WHERE m.group_id = $1 AND m.seq > $2 AND m.kind = 0 ORDER BY m.seq"
                    " LIMIT $3::bigint - $3::bigint / 2 + 1)";
            break;
        case page_request::from::newest:
        case page_request::from::before_seq:
            inner = message_select +
                    "WHERE m.group_id = $1 AND m.seq < $2 AND m.kind = 0 ORDER BY m.seq DESC"
                    " LIMIT $3";
            break;
    }
    return "SELECT p.*, g.last_seq FROM groups g LEFT JOIN LATERAL (" + inner +
           ") p ON true WHERE g.id = $1 ORDER BY p.seq";
}

}  // namespace

pg_log::pg_log(pg_pool& writer, pg_pool& readers, std::size_t max_batch)
    : writer_(writer),
      readers_(readers),
      queue_(max_batch,
             [this](std::span<const pending_append> batch) { return store_batch(batch); }) {}

void pg_log::append(new_message m, append_callback done) {
    queue_.append(std::move(m), std::move(done));
}

void pg_log::append_many(std::vector<append_request> batch) {
    queue_.append_many(std::move(batch));
}

void pg_log::close() { queue_.close(); }

log_stats pg_log::stats() const { return queue_.stats(); }

std::vector<result<saved_message>> pg_log::store_batch(std::span<const pending_append> batch) {
    auto c = writer_.acquire();
    if (!c) return outcomes(batch.size(), c.error());
    // Changes and replies are checked against other rows: one at a time.
    auto out =
        only_plain_messages(batch) ? store_fast(**c, batch) : result<outcomes>(errc::conflict);
    if (!out && out.error() != errc::unavailable) {
        (*c)->exec("ROLLBACK");
        out = store_each(**c, batch);
    }
    if (!out) return outcomes(batch.size(), out.error());
    return std::move(*out);
}

result<std::vector<std::pair<id_t, std::int64_t>>> pg_log::last_seqs(
    const std::vector<id_t>& rooms) {
    return query_rows<std::pair<id_t, std::int64_t>>(
        readers_, "last seqs",
        [](const pg_result& r, int row) {
            return std::make_pair(r.int64(row, 0), r.int64(row, 1));
        },
        "SELECT id, last_seq FROM groups WHERE id = ANY($1::bigint[])", id_array(rooms));
}

result<std::vector<message>> pg_log::read_ranges(const std::vector<seq_range>& ranges) {
    if (ranges.empty()) return std::vector<message>{};
    std::vector<id_t> rooms, after, through;
    for (const auto& r : ranges) {
        rooms.push_back(r.room_id);
        after.push_back(r.after);
        through.push_back(r.through);
    }
    // One index range scan per room, whatever the planner thinks of the table (see
    // find_retries).
    return query_rows<message>(
        readers_, "read ranges",
        [](const pg_result& r, int row) { return read_decorated_message(r, row); },
        "SELECT " + message_columns + decoration_columns +
            " FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS w(room, after, through)"
            " CROSS JOIN LATERAL (SELECT * FROM messages WHERE group_id = w.room"
            " AND seq > w.after AND seq <= w.through) m"
            " JOIN users u ON u.id = m.user_id" +
            decoration_joins + "ORDER BY m.group_id, m.seq",
        id_array(rooms), id_array(after), id_array(through));
}

result<search_results> pg_log::search(const search_request& r) {
    // Three characters or more: the trigram index. Fewer: a bounded scan.
    const bool indexed = text::code_points(r.query) >= 3;
    std::string pattern = "%";
    for (char c : r.query) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    pattern += "%";
    auto res =
        run(readers_,
            "SELECT " + message_columns + ", g.name, g.kind, " + file_list_column +
                " FROM messages m JOIN users u ON u.id = m.user_id"
                " JOIN groups g ON g.id = m.group_id"
                " WHERE m.group_id IN (SELECT group_id FROM group_members WHERE user_id = $1)"
                " AND ($2 = 0 OR m.group_id = $2) AND m.id < $3 AND m.kind = 0"
                " AND m.deleted_at IS NULL AND m.content ILIKE $4" +
                (indexed ? std::string()
                         : " AND m.id > (SELECT coalesce(max(id), 0) FROM messages) - " +
                               std::to_string(limits::search_short_scan_rows)) +
                " ORDER BY m.id DESC LIMIT $5",
            r.user_id, r.room_id, r.before_id, pattern, r.limit + 1);
    if (!res) return res.error();
    auto hits = rows<search_hit>(*res, "search", [](const pg_result& p, int row) {
        search_hit hit{read_message(p, row), p.text(row, 15), stored_room_kind(p.text(row, 16))};
        if (!p.is_null(row, 17)) hit.msg.files = parse_file_list(p.text(row, 17));
        return hit;
    });
    if (!hits) return hits.error();
    search_results out{std::move(*hits), false};
    trim_to_limit(out, r.limit);
    return out;
}

result<page> pg_log::read(id_t room_id, const page_request& r) {
    const std::int64_t bound = r.where == page_request::from::newest ? INT64_MAX : r.bound;
    // around_seq's SQL adds one on each side itself.
    const int fetch = r.where == page_request::from::around_seq ? r.limit : r.limit + 1;
    auto res = run(readers_, page_sql(r.where), room_id, bound, fetch);
    if (!res) return res.error();
    if (!res->ok()) return fail(*res, "read messages");
    if (res->rows() == 0) return errc::not_found;
    constexpr int last_seq_column = 20;  // after the message and decoration columns
    page out{{}, false, res->int64(0, last_seq_column)};
    for (int i = 0; i < res->rows(); ++i)
        if (!res->is_null(i, 0)) out.messages.push_back(read_decorated_message(*res, i));
    trim_to_limit(out, r);
    return out;
}

}  // namespace parley::store::postgres

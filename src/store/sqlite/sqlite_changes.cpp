#include "store/sqlite/sqlite_changes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "config.hpp"
#include "message_text.hpp"
#include "store/change_rules.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_files.hpp"

namespace parley::store::sqlite {
namespace {

/// `[1,2,3]` or `["a","b"]`: a list for json_each().
template <class T>
std::string json_list(const std::vector<T>& values) {
    boost::json::array a;
    for (const auto& v : values) a.emplace_back(v);
    return boost::json::serialize(a);
}

result<std::int64_t> next_seq(connection& db, id_t room) {
    auto* st = db.prepare(
        "UPDATE groups SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq", room);
    auto seq = one<std::int64_t>(db, st, "next seq", [](const statement& s) { return s.int64(0); });
    if (!seq) return seq.error() == errc::not_found ? errc::invalid_argument : seq.error();
    return seq;
}

reply_quote read_quote(const statement& s) {
    return {s.int64(0), s.text(1), s.text(2), s.int64(3) != 0};
}
const std::string quote_select =
    "SELECT m.id, u.username, substr(m.content, 1, " + std::to_string(limits::reply_quote_chars) +
    "), m.deleted_at IS NOT NULL FROM messages m JOIN users u ON u.id = m.user_id ";

/// Records which members `m` mentions; the sender's own name mentions nobody.
result<void> record_mentions(connection& db, const message& m) {
    const auto names = text::mentioned_names(m.text, limits::mentions_per_message_max);
    if (names.empty()) return {};
    auto* st = db.prepare(
        "INSERT OR IGNORE INTO mentions(message_id, user_id, group_id, seq)"
        " SELECT ?1, gm.user_id, ?2, ?3 FROM group_members gm JOIN users u ON u.id = gm.user_id"
        " WHERE gm.group_id = ?2 AND gm.user_id <> ?4"
        " AND u.username IN (SELECT value FROM json_each(?5))",
        m.id, m.room_id, m.seq, m.user_id, json_list(names));
    if (auto r = run(db, st, "record mentions"); !r) return r.error();
    return {};
}

/// What a change did to its message.
enum class outcome { none, made };

result<change_target> find_target(connection& db, const new_message& m) {
    auto* st = db.prepare(
        "SELECT m.user_id, m.deleted_at IS NOT NULL, m.content, g.kind,"
        " (SELECT o.role FROM group_members o WHERE o.group_id = g.id AND o.user_id = ?3)"
        " FROM messages m JOIN groups g ON g.id = m.group_id"
        " WHERE m.id = ?1 AND m.group_id = ?2 AND m.kind = 0",
        m.target_id, m.room_id, m.user_id);
    return one<change_target>(db, st, "find target", [](const statement& s) {
        return change_target{s.int64(0), s.int64(1) != 0, s.text(2), stored_room_kind(s.text(3)),
                             member_role_named(s.text(4))};
    });
}

/// Applies the change to the message and its reactions; false when it changes nothing. Sets
/// the reaction's count after it.
result<outcome> change_message(connection& db, const new_message& m, const change_target& t,
                               std::int64_t& count) {
    auto verdict = judge_change(m, t);
    if (!verdict) return verdict.error();
    if (*verdict == change_verdict::unchanged) return outcome::none;
    switch (m.kind) {
        case event_kind::edit: {
            auto* st = db.prepare("UPDATE messages SET content = ?, edited_at = ? WHERE id = ?",
                                  m.text, m.created_at, m.target_id);
            if (auto r = run(db, st, "edit"); !r) return r.error();
            return outcome::made;
        }
        case event_kind::deletion: {
            auto* st = db.prepare("UPDATE messages SET content = '', deleted_at = ? WHERE id = ?",
                                  m.created_at, m.target_id);
            if (auto r = run(db, st, "delete"); !r) return r.error();
            // Its files go with it (their blobs once no other file names them: the sweep).
            for (const char* sql : {"DELETE FROM reactions WHERE message_id = ?",
                                    "DELETE FROM mentions WHERE message_id = ?",
                                    "DELETE FROM files WHERE message_id = ?"})
                if (auto r = run(db, db.prepare(sql, m.target_id), "delete"); !r) return r.error();
            return outcome::made;
        }
        case event_kind::reaction: {
            statement* st = nullptr;
            if (m.reaction_on) {
                auto* kinds = db.prepare(
                    "SELECT count(DISTINCT emoji), max(emoji = ?2) FROM reactions"
                    " WHERE message_id = ?1",
                    m.target_id, m.text);
                auto seen = one<std::pair<std::int64_t, bool>>(
                    db, kinds, "count emoji",
                    [](const statement& s) { return std::make_pair(s.int64(0), s.int64(1) != 0); });
                if (!seen) return seen.error();
                if (!seen->second && seen->first >= limits::reactions_per_message_max)
                    return errc::invalid_argument;
                st = db.prepare(
                    "INSERT OR IGNORE INTO reactions(message_id, emoji, user_id, created_at)"
                    " VALUES (?, ?, ?, ?)",
                    m.target_id, m.text, m.user_id, m.created_at);
            } else {
                st = db.prepare(
                    "DELETE FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?",
                    m.target_id, m.text, m.user_id);
            }
            auto changed = run(db, st, "react");
            if (!changed) return changed.error();
            if (*changed == 0) return outcome::none;
            auto* n =
                db.prepare("SELECT count(*) FROM reactions WHERE message_id = ? AND emoji = ?",
                           m.target_id, m.text);
            auto c = one<std::int64_t>(db, n, "count reactions",
                                       [](const statement& s) { return s.int64(0); });
            if (!c) return c.error();
            count = *c;
            return outcome::made;
        }
        case event_kind::message:
            break;
    }
    return errc::invalid_argument;
}

}  // namespace

result<saved_message> store_message(connection& db, const new_message& m) {
    auto seq = next_seq(db, m.room_id);
    if (!seq) return seq.error();
    message out{0, m.room_id, m.user_id, m.sender, m.text, m.created_at, *seq, m.client_msg_id};
    if (m.reply_to) {
        auto* st = db.prepare(quote_select + "WHERE m.id = ? AND m.group_id = ? AND m.kind = 0",
                              *m.reply_to, m.room_id);
        auto quote = one<reply_quote>(db, st, "find reply", read_quote);
        if (!quote) return quote.error();
        out.reply = std::move(*quote);
    }
    auto* st = db.prepare(
        "INSERT INTO messages(group_id, user_id, content, created_at, seq, client_msg_id,"
        " reply_to) VALUES (?, ?, ?, ?, ?, ?, ?)",
        m.room_id, m.user_id, m.text, m.created_at, *seq, m.client_msg_id, m.reply_to);
    if (auto r = run(db, st, "insert message"); !r) return r.error();
    out.id = db.last_insert_rowid();
    if (auto r = record_mentions(db, out); !r) return r.error();
    if (!m.files.empty()) {
        auto files = attach_files(db, m, out.id);
        if (!files) return files.error();
        out.files = std::move(*files);
    }
    return saved_message{std::move(out), false};
}

result<saved_message> store_change(connection& db, const new_message& m) {
    message out{0, m.room_id, m.user_id, m.sender, m.text, m.created_at, 0, m.client_msg_id};
    out.kind = m.kind;
    out.target_id = m.target_id;
    out.reaction_on = m.reaction_on;
    if (m.kind == event_kind::edit) out.edited_at = m.created_at;
    auto t = find_target(db, m);
    if (!t) return t.error();
    auto changed = change_message(db, m, *t, out.reaction_count);
    if (!changed) return changed.error();
    if (*changed == outcome::none) return saved_message{std::move(out), true};
    auto seq = next_seq(db, m.room_id);
    if (!seq) return seq.error();
    out.seq = *seq;
    auto* st = db.prepare(
        "INSERT INTO messages(group_id, user_id, content, created_at, seq, client_msg_id, kind,"
        " target_id, edited_at, reaction_on, reaction_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?)",
        m.room_id, m.user_id, m.text, m.created_at, *seq, m.client_msg_id,
        static_cast<std::int64_t>(m.kind), m.target_id, out.edited_at,
        std::int64_t{m.kind == event_kind::reaction && m.reaction_on}, out.reaction_count);
    if (auto r = run(db, st, "insert change"); !r) return r.error();
    out.id = db.last_insert_rowid();
    return saved_message{std::move(out), false};
}

}  // namespace parley::store::sqlite

#include "store/postgres/pg_changes.hpp"

#include "config.hpp"
#include "message_text.hpp"
#include "store/change_rules.hpp"
#include "store/postgres/pg_files.hpp"
#include "store/postgres/pg_rows.hpp"

namespace parley::store::postgres {
namespace {

/// `{"a","b"}`: names for a text[] parameter (usernames hold no quote, comma or brace).
std::string name_array(const std::vector<std::string>& names) {
    std::string out = "{";
    for (const auto& n : names) out += "\"" + n + "\",";
    if (out.size() > 1) out.pop_back();
    return out + "}";
}

result<std::int64_t> next_seq(pg_connection& c, id_t room) {
    auto r =
        c.query("UPDATE groups SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq", room);
    auto seq = one<std::int64_t>(r, "next seq",
                                 [](const pg_result& res, int row) { return res.int64(row, 0); });
    if (!seq) return seq.error() == errc::not_found ? errc::invalid_argument : seq.error();
    return seq;
}

/// What a change did to its message.
enum class outcome { none, made };

/// Applies the change; false when it changes nothing. Sets the reaction's count after it.
result<outcome> change_message(pg_connection& c, const new_message& m, const change_target& t,
                               std::int64_t& count) {
    auto verdict = judge_change(m, t);
    if (!verdict) return verdict.error();
    if (*verdict == change_verdict::unchanged) return outcome::none;
    switch (m.kind) {
        case event_kind::edit: {
            auto r = c.query("UPDATE messages SET content = $1, edited_at = $2 WHERE id = $3",
                             m.text, m.created_at, m.target_id);
            if (auto done = changed(r, "edit"); !done) return done.error();
            return outcome::made;
        }
        case event_kind::deletion: {
            auto r = c.query(
                "WITH gone AS (DELETE FROM reactions WHERE message_id = $2),"
                " unmentioned AS (DELETE FROM mentions WHERE message_id = $2),"
                " files_gone AS (DELETE FROM files WHERE message_id = $2)"
                " UPDATE messages SET content = '', deleted_at = $1 WHERE id = $2",
                m.created_at, m.target_id);
            if (auto done = changed(r, "delete"); !done) return done.error();
            return outcome::made;
        }
        case event_kind::reaction: {
            pg_result r;
            if (m.reaction_on) {
                auto seen = c.query(
                    "SELECT count(DISTINCT emoji), coalesce(bool_or(emoji = $2), false)"
                    " FROM reactions WHERE message_id = $1",
                    m.target_id, m.text);
                if (!seen.ok()) return fail(seen, "count emoji");
                if (!seen.boolean(0, 1) && seen.int64(0, 0) >= limits::reactions_per_message_max)
                    return errc::invalid_argument;
                r = c.query(
                    "INSERT INTO reactions(message_id, emoji, user_id, created_at)"
                    " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    m.target_id, m.text, m.user_id, m.created_at);
            } else {
                r = c.query(
                    "DELETE FROM reactions WHERE message_id = $1 AND emoji = $2 AND user_id = $3",
                    m.target_id, m.text, m.user_id);
            }
            auto done = changed(r, "react");
            if (!done) return done.error();
            if (*done == 0) return outcome::none;
            auto n = c.query("SELECT count(*) FROM reactions WHERE message_id = $1 AND emoji = $2",
                             m.target_id, m.text);
            if (!n.ok()) return fail(n, "count reactions");
            count = n.int64(0, 0);
            return outcome::made;
        }
        case event_kind::message:
            break;
    }
    return errc::invalid_argument;
}

}  // namespace

result<void> record_mentions(pg_connection& c, const message& m) {
    const auto names = text::mentioned_names(m.text, limits::mentions_per_message_max);
    if (names.empty()) return {};
    auto r = c.query(
        "INSERT INTO mentions(message_id, user_id, group_id, seq)"
        " SELECT $1, gm.user_id, $2, $3 FROM group_members gm JOIN users u ON u.id = gm.user_id"
        " WHERE gm.group_id = $2 AND gm.user_id <> $4 AND lower(u.username) = ANY($5::text[])"
        " ON CONFLICT DO NOTHING",
        m.id, m.room_id, m.seq, m.user_id, name_array(names));
    if (auto done = changed(r, "record mentions"); !done) return done.error();
    return {};
}

result<saved_message> store_message(pg_connection& c, const new_message& m) {
    auto seq = next_seq(c, m.room_id);
    if (!seq) return seq.error();
    message out{0, m.room_id, m.user_id, m.sender, m.text, m.created_at, *seq, m.client_msg_id};
    if (m.reply_to) {
        auto q = c.query(
            "SELECT m.id, u.username, left(m.content, " +
                std::to_string(limits::reply_quote_chars) +
                "), m.deleted_at IS NOT NULL FROM messages m JOIN users u ON u.id = m.user_id"
                " WHERE m.id = $1 AND m.group_id = $2 AND m.kind = 0",
            *m.reply_to, m.room_id);
        auto quote = one<reply_quote>(q, "find reply", [](const pg_result& r, int row) {
            return reply_quote{r.int64(row, 0), r.text(row, 1), r.text(row, 2), r.boolean(row, 3)};
        });
        if (!quote) return quote.error();
        out.reply = std::move(*quote);
    }
    auto r = c.query(
        "INSERT INTO messages(group_id, user_id, content, created_at, seq, client_msg_id,"
        " reply_to) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        m.room_id, m.user_id, m.text, m.created_at, *seq, m.client_msg_id, m.reply_to);
    if (!r.ok()) return fail(r, "insert message");
    out.id = r.int64(0, 0);
    if (auto done = record_mentions(c, out); !done) return done.error();
    if (!m.files.empty()) {
        auto files = attach_files(c, m, out.id);
        if (!files) return files.error();
        out.files = std::move(*files);
    }
    return saved_message{std::move(out), false};
}

result<saved_message> store_change(pg_connection& c, const new_message& m) {
    message out{0, m.room_id, m.user_id, m.sender, m.text, m.created_at, 0, m.client_msg_id};
    out.kind = m.kind;
    out.target_id = m.target_id;
    out.reaction_on = m.reaction_on;
    if (m.kind == event_kind::edit) out.edited_at = m.created_at;
    auto found = c.query(
        "SELECT m.user_id, m.deleted_at IS NOT NULL, m.content, g.kind,"
        " (SELECT o.role FROM group_members o WHERE o.group_id = g.id AND o.user_id = $3)"
        " FROM messages m JOIN groups g ON g.id = m.group_id"
        " WHERE m.id = $1 AND m.group_id = $2 AND m.kind = 0 FOR UPDATE OF m",
        m.target_id, m.room_id, m.user_id);
    auto t = one<change_target>(found, "find target", [](const pg_result& r, int row) {
        return change_target{r.int64(row, 0), r.boolean(row, 1), r.text(row, 2),
                             stored_room_kind(r.text(row, 3)),
                             r.is_null(row, 4) ? std::nullopt : member_role_named(r.text(row, 4))};
    });
    if (!t) return t.error();
    auto done = change_message(c, m, *t, out.reaction_count);
    if (!done) return done.error();
    if (*done == outcome::none) return saved_message{std::move(out), true};
    auto seq = next_seq(c, m.room_id);
    if (!seq) return seq.error();
    out.seq = *seq;
    auto r = c.query(
        "INSERT INTO messages(group_id, user_id, content, created_at, seq, client_msg_id, kind,"
        " target_id, edited_at, reaction_on, reaction_count) VALUES ($1, $2, $3, $4, $5, $6, $7,"
        " $8, $9, $10, $11) RETURNING id",
        m.room_id, m.user_id, m.text, m.created_at, *seq, m.client_msg_id,
        static_cast<std::int64_t>(m.kind), m.target_id, out.edited_at,
        m.kind == event_kind::reaction && m.reaction_on, out.reaction_count);
    if (!r.ok()) return fail(r, "insert change");
    out.id = r.int64(0, 0);
    return saved_message{std::move(out), false};
}

}  // namespace parley::store::postgres

#include "store/sqlite/sqlite_search.hpp"

#include "config.hpp"
#include "store/sqlite/rows.hpp"
#include "text.hpp"

namespace parley::store::sqlite {

result<index_state> index_pending(database& database, int max_rows) {
    auto db = database.write();
    // Index work need not be synced at commit: a crash loses at most some of it, and the
    // progress row rolls back with it, so it is redone.
    db->exec("PRAGMA synchronous = NORMAL");
    struct restore_sync {
        connection& c;
        ~restore_sync() { c.exec("PRAGMA synchronous = FULL"); }
    } restore{*db};
    if (!begin(*db, true)) return fail(*db, "begin index");
    transaction_guard tx(*db);
    auto* st = db->prepare(
        "SELECT m.id, m.kind, coalesce(m.target_id, 0), m.content FROM messages m"
        " WHERE m.id > (SELECT last_row FROM search_progress) AND m.kind IN (0, 1, 2)"
        " ORDER BY m.id LIMIT ?",
        max_rows + 1);
    struct row {
        id_t id;
        event_kind kind;
        id_t target;
        std::string text;
    };
    auto todo = rows<row>(*db, st, "rows to index", [](const statement& s) {
        return row{s.int64(0), static_cast<event_kind>(s.int64(1)), s.int64(2), s.text(3)};
    });
    if (!todo) return todo.error();
    const bool more = static_cast<int>(todo->size()) > max_rows;
    if (more) todo->pop_back();
    if (todo->empty()) return index_state::up_to_date;
    for (const auto& r : *todo) {
        // A message is indexed with its text as it is now; an edit replaces it, a deletion
        // removes it (changes are rows after their message, so they come later).
        statement* change = nullptr;
        if (r.kind == event_kind::message)
            change = db->prepare(
                "INSERT OR REPLACE INTO messages_fts(rowid, content) VALUES (?, ?)", r.id, r.text);
        else if (r.kind == event_kind::edit)
            change = db->prepare("UPDATE messages_fts SET content = ? WHERE rowid = ?", r.text,
                                 r.target);
        else
            change = db->prepare("DELETE FROM messages_fts WHERE rowid = ?", r.target);
        if (auto done = run(*db, change, "index"); !done) return done.error();
    }
    auto* progress = db->prepare("UPDATE search_progress SET last_row = ?", todo->back().id);
    if (auto done = run(*db, progress, "index progress"); !done) return done.error();
    if (db->exec("COMMIT") != SQLITE_OK) return fail(*db, "commit index");
    tx.committed();
    return more ? index_state::behind : index_state::up_to_date;
}

result<search_results> search_messages(database& db_, const search_request& r) {
    // Everything stored before the search is found (up to a bound, so a search never waits
    // for a whole rebuild).
    if (auto caught_up = index_pending(db_, limits::search_catch_up_rows); !caught_up)
        return caught_up.error();
    // Three characters or more: the trigram index, as a phrase. Fewer: a bounded scan.
    const bool indexed = text::code_points(r.query) >= 3;
    const std::string sql =
        "SELECT " + message_columns + ", g.name, g.kind, " + file_list_column + " FROM " +
        (indexed ? "messages_fts f JOIN messages m ON m.id = f.rowid" : "messages m") +
        " JOIN users u ON u.id = m.user_id JOIN groups g ON g.id = m.group_id"
        " WHERE m.group_id IN (SELECT group_id FROM group_members WHERE user_id = ?1)"
        " AND (?2 = 0 OR m.group_id = ?2) AND m.id < ?3 AND m.kind = 0 AND m.deleted_at IS NULL"
        " AND " +
        (indexed ? "messages_fts MATCH ?4"
                 : "instr(lower(m.content), lower(?4)) > 0 AND m.id >"
                   " (SELECT coalesce(max(id), 0) FROM messages) - " +
                       std::to_string(limits::search_short_scan_rows)) +
        " ORDER BY m.id DESC LIMIT ?5";
    std::string phrase = r.query;
    if (indexed) {
        phrase.clear();
        for (char c : r.query) phrase += c == '"' ? std::string("\"\"") : std::string(1, c);
        phrase = "\"" + phrase + "\"";
    }
    auto db = db_.read();
    auto* st = db->prepare(sql, r.user_id, r.room_id, r.before_id, phrase, r.limit + 1);
    auto hits = rows<search_hit>(*db, st, "search", [](const statement& s) {
        search_hit hit{read_message(s), s.text(15), stored_room_kind(s.text(16))};
        hit.msg.files = parse_file_list(s.text(17));
        return hit;
    });
    if (!hits) return hits.error();
    search_results out{std::move(*hits), false};
    trim_to_limit(out, r.limit);
    return out;
}

}  // namespace parley::store::sqlite

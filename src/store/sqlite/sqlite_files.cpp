#include "store/sqlite/sqlite_files.hpp"

#include "store/sqlite/rows.hpp"

namespace parley::store::sqlite {
namespace {

std::optional<std::int64_t> widen(std::optional<int> v) {
    if (!v) return std::nullopt;
    return *v;
}

std::optional<int> narrow(const statement& s, int col) {
    if (s.is_null(col)) return std::nullopt;
    return static_cast<int>(s.int64(col));
}

const std::string file_columns =
    "f.id, f.name, f.size, f.content_type, f.width, f.height, f.group_id, f.user_id, f.blob,"
    " f.thumb_blob, f.created_at, f.message_id";

file_record read_file(const statement& s) {
    file_record f;
    f.summary = {s.text(0),    s.text(1),    s.int64(2),   s.text(3),
                 narrow(s, 4), narrow(s, 5), !s.is_null(9)};
    f.room_id = s.int64(6);
    f.user_id = s.int64(7);
    f.blob = s.text(8);
    f.thumbnail_blob = s.optional_text(9);
    f.created_at = s.int64(10);
    if (!s.is_null(11)) f.message_id = s.int64(11);
    return f;
}

}  // namespace

result<void> sqlite_files::add_file(const file_record& f) {
    auto db = db_.write();
    auto* st = db->prepare(
        "INSERT INTO files(id, group_id, user_id, name, content_type, size, blob, width, height,"
        " thumb_blob, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        f.summary.id, f.room_id, f.user_id, f.summary.name, f.summary.content_type, f.summary.size,
        f.blob, widen(f.summary.width), widen(f.summary.height), f.thumbnail_blob, f.created_at);
    if (auto r = run(*db, st, "add_file"); !r) return r.error();
    return {};
}

result<file_record> sqlite_files::file_for_member(std::string_view file_id, id_t user_id) {
    auto db = db_.read();
    auto* st = db->prepare("SELECT " + file_columns +
                               " FROM files f JOIN group_members gm ON gm.group_id = f.group_id"
                               " AND gm.user_id = ? WHERE f.id = ?",
                           user_id, file_id);
    return one<file_record>(*db, st, "file_for_member", read_file);
}

result<std::int64_t> sqlite_files::bytes_uploaded(id_t user_id) {
    auto db = db_.read();
    auto* st = db->prepare("SELECT coalesce(sum(size), 0) FROM files WHERE user_id = ?", user_id);
    return one<std::int64_t>(*db, st, "bytes_uploaded",
                             [](const statement& s) { return s.int64(0); });
}

result<std::int64_t> sqlite_files::delete_unattached(millis_t before) {
    auto db = db_.write();
    auto* st = db->prepare("DELETE FROM files WHERE message_id IS NULL AND created_at < ?", before);
    auto n = run(*db, st, "delete_unattached");
    if (!n) return n.error();
    return std::int64_t{*n};
}

result<bool> sqlite_files::blob_in_use(std::string_view blob) {
    auto db = db_.read();
    auto* st = db->prepare(
        "SELECT EXISTS (SELECT 1 FROM files WHERE blob = ?1)"
        " OR EXISTS (SELECT 1 FROM files WHERE thumb_blob = ?1)",
        blob);
    auto used = one<int>(*db, st, "blob_in_use",
                         [](const statement& s) { return s.int64(0) != 0 ? 1 : 0; });
    if (!used) return {boost::system::in_place_error, used.error()};
    return *used != 0;
}

result<std::vector<file_summary>> attach_files(connection& db, const new_message& m, id_t id) {
    for (std::size_t i = 0; i < m.files.size(); ++i) {
        auto* st = db.prepare(
            "UPDATE files SET message_id = ?, position = ? WHERE id = ? AND group_id = ?"
            " AND user_id = ? AND message_id IS NULL",
            id, static_cast<std::int64_t>(i), m.files[i], m.room_id, m.user_id);
        auto changed = run(db, st, "attach file");
        if (!changed) return changed.error();
        if (*changed == 0) return errc::invalid_reference;
    }
    auto* st = db.prepare("SELECT " + file_list_column + " FROM messages m WHERE m.id = ?", id);
    return one<std::vector<file_summary>>(
        db, st, "attached files", [](const statement& s) { return parse_file_list(s.text(0)); });
}

}  // namespace parley::store::sqlite

#include "store/postgres/pg_files.hpp"

#include "store/postgres/pg_rows.hpp"

namespace parley::store::postgres {
namespace {

std::optional<std::int64_t> widen(std::optional<int> v) {
    if (!v) return std::nullopt;
    return *v;
}

std::optional<int> narrow(const pg_result& r, int row, int col) {
    if (r.is_null(row, col)) return std::nullopt;
    return static_cast<int>(r.int64(row, col));
}

const std::string file_columns =
    "f.id, f.name, f.size, f.content_type, f.width, f.height, f.group_id, f.user_id, f.blob,"
    " f.thumb_blob, f.created_at, f.message_id";

file_record read_file(const pg_result& r, int row) {
    file_record f;
    f.summary = {r.text(row, 0),    r.text(row, 1),    r.int64(row, 2),   r.text(row, 3),
                 narrow(r, row, 4), narrow(r, row, 5), !r.is_null(row, 9)};
    f.room_id = r.int64(row, 6);
    f.user_id = r.int64(row, 7);
    f.blob = r.text(row, 8);
    f.thumbnail_blob = r.optional_text(row, 9);
    f.created_at = r.int64(row, 10);
    if (!r.is_null(row, 11)) f.message_id = r.int64(row, 11);
    return f;
}

}  // namespace

result<void> pg_files::add_file(const file_record& f) {
    auto n = command(pool_, "add_file",
                     "INSERT INTO files(id, group_id, user_id, name, content_type, size, blob,"
                     " width, height, thumb_blob, created_at) VALUES ($1, $2, $3, $4, $5, $6,"
                     " $7, $8, $9, $10, $11)",
                     f.summary.id, f.room_id, f.user_id, f.summary.name, f.summary.content_type,
                     f.summary.size, f.blob, widen(f.summary.width), widen(f.summary.height),
                     f.thumbnail_blob, f.created_at);
    if (!n) return n.error();
    return {};
}

result<file_record> pg_files::file_for_member(std::string_view file_id, id_t user_id) {
    return query_one<file_record>(pool_, "file_for_member", read_file,
                                  "SELECT " + file_columns +
                                      " FROM files f JOIN group_members gm ON gm.group_id ="
                                      " f.group_id AND gm.user_id = $1 WHERE f.id = $2",
                                  user_id, file_id);
}

result<std::int64_t> pg_files::bytes_uploaded(id_t user_id) {
    return query_one<std::int64_t>(
        pool_, "bytes_uploaded", [](const pg_result& r, int row) { return r.int64(row, 0); },
        "SELECT coalesce(sum(size), 0)::bigint FROM files WHERE user_id = $1", user_id);
}

result<std::int64_t> pg_files::delete_unattached(millis_t before) {
    return command(pool_, "delete_unattached",
                   "DELETE FROM files WHERE message_id IS NULL AND created_at < $1", before);
}

result<bool> pg_files::blob_in_use(std::string_view blob) {
    auto used = query_one<int>(
        pool_, "blob_in_use", [](const pg_result& r, int row) { return r.boolean(row, 0) ? 1 : 0; },
        "SELECT EXISTS (SELECT 1 FROM files WHERE blob = $1)"
        " OR EXISTS (SELECT 1 FROM files WHERE thumb_blob = $1)",
        blob);
    if (!used) return {boost::system::in_place_error, used.error()};
    return *used != 0;
}

result<std::vector<file_summary>> attach_files(pg_connection& c, const new_message& m, id_t id) {
    for (std::size_t i = 0; i < m.files.size(); ++i) {
        auto r = c.query(
            "UPDATE files SET message_id = $1, position = $2 WHERE id = $3 AND group_id = $4"
            " AND user_id = $5 AND message_id IS NULL",
            id, static_cast<std::int64_t>(i), m.files[i], m.room_id, m.user_id);
        auto n = changed(r, "attach file");
        if (!n) return n.error();
        if (*n == 0) return errc::invalid_reference;
    }
    auto r = c.query("SELECT " + file_list_column + " FROM messages m WHERE m.id = $1", id);
    return one<std::vector<file_summary>>(r, "attached files", [](const pg_result& p, int row) {
        return parse_file_list(p.text(row, 0));
    });
}

}  // namespace parley::store::postgres

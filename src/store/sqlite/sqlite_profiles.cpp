// sqlite_store: profiles, user search and tags.
#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace parley::store::sqlite {
namespace {

/// Reads a user; the argument-free form the row helpers take.
user user_row(const statement& s) { return read_user(s); }

}  // namespace

result<user> sqlite_store::update_profile(id_t id, const profile_fields& p) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare(
        "UPDATE users SET nickname = ?, email = ?, avatar = ? WHERE id = ?"
        " RETURNING " +
            user_returning,
        p.nickname, p.email, p.avatar, id);
    return one<user>(st, "update_profile", user_row);
}

result<std::vector<user>> sqlite_store::search_users(std::string_view prefix, int limit) {
    std::lock_guard lock(mutex_);
    // Range conditions on the NOCASE columns use their indexes; char(1114111) (U+10FFFF)
    // sorts after every character, so [p, p || U+10FFFF) is "starts with p".
    auto* st = db_->prepare(
        "SELECT " + user_columns +
            " FROM users u WHERE u.id IN ("
            " SELECT id FROM users WHERE username >= ?1 AND username < ?1 || char(1114111)"
            " UNION SELECT id FROM users WHERE nickname >= ?1 AND nickname < ?1 || char(1114111))"
            " ORDER BY u.username LIMIT ?2",
        prefix, limit);
    return rows<user>(st, "search_users", user_row);
}

result<std::vector<std::string>> sqlite_store::user_tags(id_t user_id) {
    std::lock_guard lock(mutex_);
    auto* st =
        db_->prepare("SELECT tag_name FROM user_tags WHERE user_id = ? ORDER BY tag_name", user_id);
    return rows<std::string>(st, "user_tags", [](const statement& s) { return s.text(0); });
}

result<void> sqlite_store::add_tag(id_t user_id, std::string_view tag, millis_t now) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare(
        "INSERT INTO user_tags(user_id, tag_name, created_at) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        user_id, tag, now);
    if (auto r = run(st, "add_tag"); !r) return r.error();
    return {};
}

result<bool> sqlite_store::remove_tag(id_t user_id, std::string_view tag) {
    std::lock_guard lock(mutex_);
    auto* st =
        db_->prepare("DELETE FROM user_tags WHERE user_id = ? AND tag_name = ?", user_id, tag);
    auto changed = run(st, "remove_tag");
    if (!changed) return {boost::system::in_place_error, changed.error()};
    return *changed > 0;
}

result<std::vector<tag_count>> sqlite_store::all_tags() {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare(
        "SELECT tag_name, count(*) FROM user_tags GROUP BY tag_name ORDER BY tag_name");
    return rows<tag_count>(st, "all_tags", [](const statement& s) {
        return tag_count{s.text(0), s.int64(1)};
    });
}

result<std::vector<user>> sqlite_store::users_with_tag(std::string_view tag) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare("SELECT " + user_columns +
                                " FROM user_tags t JOIN users u ON u.id = t.user_id"
                                " WHERE t.tag_name = ? ORDER BY u.username",
                            tag);
    return rows<user>(st, "users_with_tag", user_row);
}

}  // namespace parley::store::sqlite

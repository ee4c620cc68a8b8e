#include "admin/admin.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "config.hpp"

namespace parley::admin {
namespace {

failure no_such_user(std::string_view username) {
    return {"not_found", fmt::format("there is no user '{}'", username), 404};
}

/// "N sessions ended" in words, with when their open sockets close.
std::string sessions_ended(std::size_t n) {
    if (n == 0) return "no session was open";
    return fmt::format(
        "{} session{} ended; a running server closes their sockets within its session check "
        "interval ({} s by default)",
        n, n == 1 ? "" : "s",
        std::chrono::duration<double>(server_config{}.session_check_interval).count());
}

std::string when(store::millis_t ms) {
    return fmt::format("{:%Y-%m-%d %H:%M}", fmt::gmtime(static_cast<std::time_t>(ms / 1000)));
}

}  // namespace

commands::commands(store::bundle& db) : db_(db), accounts_(db.accounts()) {}

outcome<store::user> commands::find(std::string_view username) {
    auto u = db_.accounts().find_user_by_name(username);
    if (u.has_error()) {
        if (u.error() == store::errc::not_found) return no_such_user(username);
        return store_failure(u.error());
    }
    return std::move(*u);
}

outcome<std::string> commands::create_user(std::string_view username, std::string_view password,
                                           std::optional<std::string> email) {
    auto u = accounts_.create_account(username, password, std::move(email));
    if (u.has_error()) return u.error();
    return fmt::format("created user {} (id {})", u->username, u->id);
}

outcome<std::string> commands::reset_password(std::string_view username,
                                              std::string_view password) {
    auto u = find(username);
    if (u.has_error()) return u.error();
    auto ended = accounts_.set_password(u->id, password);
    if (ended.has_error()) return ended.error();
    return fmt::format("password of {} reset; {}", u->username, sessions_ended(ended->size()));
}

outcome<std::string> commands::set_disabled(std::string_view username, bool disabled) {
    auto u = find(username);
    if (u.has_error()) return u.error();
    auto ended = db_.accounts().set_disabled(u->id, disabled, auth::now_millis());
    if (ended.has_error()) return store_failure(ended.error());
    if (!disabled) return fmt::format("{} is enabled: they can sign in again", u->username);
    return fmt::format("{} is disabled; {}", u->username, sessions_ended(ended->size()));
}

outcome<std::string> commands::delete_user(std::string_view username) {
    auto u = find(username);
    if (u.has_error()) return u.error();
    auto ended = db_.accounts().delete_user(u->id, auth::now_millis());
    if (ended.has_error()) return store_failure(ended.error());
    return fmt::format("deleted {} (id {}); their messages now show '{}'; {}", u->username, u->id,
                       store::deleted_username(u->id), sessions_ended(ended->size()));
}

outcome<std::string> commands::list_rooms() {
    std::string out = fmt::format("{:>8}  {:6}  {:7}  {:>7}  {:16}  {}\n", "id", "kind", "access",
                                  "members", "last message", "name");
    store::id_t after = 0;
    for (;;) {
        auto page = db_.rooms().all_rooms(after, limits::group_page_max);
        if (page.has_error()) return store_failure(page.error());
        for (const auto& r : *page)
            out += fmt::format("{:>8}  {:6}  {:7}  {:>7}  {:16}  {}\n", r.info.id,
                               name_of(r.info.kind), r.info.is_private ? "private" : "public",
                               r.member_count, r.last_message_at ? when(*r.last_message_at) : "-",
                               r.info.name);
        if (page->size() < static_cast<std::size_t>(limits::group_page_max)) return out;
        after = page->back().info.id;
    }
}

outcome<std::string> commands::list_members(store::id_t room_id) {
    if (auto room = db_.rooms().find_room(room_id); room.has_error()) {
        if (room.error() == store::errc::not_found)
            return failure{"not_found", fmt::format("there is no room {}", room_id), 404};
        return store_failure(room.error());
    }
    auto members = db_.rooms().members(room_id);
    if (members.has_error()) return store_failure(members.error());
    std::string out = fmt::format("{:>8}  {:6}  {}\n", "user id", "role", "username");
    for (const auto& m : *members)
        out += fmt::format("{:>8}  {:6}  {}\n", m.user_id, name_of(m.role), m.username);
    return out;
}

}  // namespace parley::admin

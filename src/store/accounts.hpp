#pragma once
// Users, sessions, profiles and tags: what auth/ and the profile routes persist.
#include <string>
#include <string_view>
#include <vector>

#include "store/errors.hpp"
#include "store/types.hpp"

namespace parley::store {

/// Accounts and everything hanging off one. Every method blocks until the database has
/// answered, is safe to call from several threads at once, and is called only from the blocking
/// pool, never a network thread. Failures come back as values (errc), never as exceptions.
class accounts {
  public:
    virtual ~accounts() = default;

    /// Creates an account. conflict if the username is taken (compared case-insensitively).
    [[nodiscard]] virtual result<user> create_user(const new_user& u, millis_t now) = 0;
    /// The account and password hash for a username (case-insensitive), or not_found.
    [[nodiscard]] virtual result<user_credentials> find_credentials(std::string_view username) = 0;
    /// The account with this id, or not_found.
    [[nodiscard]] virtual result<user> find_user(id_t id) = 0;
    /// The account with this username (case-insensitive), or not_found.
    [[nodiscard]] virtual result<user> find_user_by_name(std::string_view username) = 0;
    /// Replaces nickname, email and avatar; returns the updated account, or not_found.
    [[nodiscard]] virtual result<user> update_profile(id_t id, const profile_fields& p) = 0;
    /// Up to `limit` users whose username or nickname starts with `prefix`, ignoring case,
    /// ordered by username.
    [[nodiscard]] virtual result<std::vector<user>> search_users(std::string_view prefix,
                                                                 int limit) = 0;

    /// The user's tags, sorted.
    [[nodiscard]] virtual result<std::vector<std::string>> user_tags(id_t user_id) = 0;
    /// Adds a (normalized) tag; adding one the user has is a no-op.
    [[nodiscard]] virtual result<void> add_tag(id_t user_id, std::string_view tag,
                                               millis_t now) = 0;
    /// Removes a tag; returns whether the user had it.
    [[nodiscard]] virtual result<bool> remove_tag(id_t user_id, std::string_view tag) = 0;
    /// Every tag in use with its number of users, sorted by tag.
    [[nodiscard]] virtual result<std::vector<tag_count>> all_tags() = 0;
    /// Users carrying a tag, ordered by username.
    [[nodiscard]] virtual result<std::vector<user>> users_with_tag(std::string_view tag) = 0;

    /// Stores a session; the token itself is never stored, only its hash.
    [[nodiscard]] virtual result<void> create_session(const session& s) = 0;
    /// The user of an unexpired session, or not_found (also when it has expired at `now`).
    [[nodiscard]] virtual result<session_user> find_session_user(std::string_view token_hash,
                                                                 millis_t now) = 0;
    /// Which of these sessions (token hashes) are still live at `now`: stored, unexpired, of an
    /// enabled account. Order is not kept. Callers pass at most a few hundred at a time.
    [[nodiscard]] virtual result<std::vector<std::string>> live_sessions(
        const std::vector<std::string>& token_hashes, millis_t now) = 0;
    /// Removes a session; removing one that does not exist is not an error.
    [[nodiscard]] virtual result<void> delete_session(std::string_view token_hash) = 0;
    /// Removes every session of the user ("sign out everywhere"); returns their token hashes,
    /// so their sockets can be closed. None is not an error.
    [[nodiscard]] virtual result<std::vector<std::string>> delete_sessions(id_t user_id) = 0;
    /// Replaces the user's password hash and removes every session of theirs but `keep` (a
    /// token hash), in one transaction; returns the token hashes removed, so their sockets can
    /// be closed. not_found if there is no such user.
    [[nodiscard]] virtual result<std::vector<std::string>> change_password(
        id_t user_id, std::string_view password_hash, std::string_view keep) = 0;
    /// Disables an account, removing every session of it in the same transaction (their token
    /// hashes come back, so their sockets can be closed), or enables it again (nothing comes
    /// back). A disabled account cannot sign in. not_found if there is no such user.
    [[nodiscard]] virtual result<std::vector<std::string>> set_disabled(id_t user_id, bool disabled,
                                                                        millis_t now) = 0;
    /// Deletes an account in one transaction: its sessions (token hashes returned), tags and
    /// memberships go, its profile and password are cleared and its username becomes
    /// deleted_username(id), so the name is free and nobody can sign in as it. Its messages stay,
    /// shown under that name: rooms keep their gap-free history. not_found if no such user.
    [[nodiscard]] virtual result<std::vector<std::string>> delete_user(id_t user_id,
                                                                       millis_t now) = 0;
};

/// The username a deleted account is left with: never a valid username (it has spaces), so it
/// cannot clash with a registration.
std::string deleted_username(id_t user_id);

/// Strings as a JSON array: how a list goes into one query parameter (json_each in SQLite,
/// json_array_elements_text in PostgreSQL).
std::string json_array(const std::vector<std::string>& values);

}  // namespace parley::store

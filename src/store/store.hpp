#pragma once
// The one interface the rest of Parley uses for persistence. Nothing outside store/ knows which
// database sits behind it.
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/errors.hpp"
#include "store/types.hpp"

namespace parley::store {

/// Persistent state: users, sessions, groups, members and messages.
///
/// Every method is safe to call from any thread and blocks until the database has answered;
/// call it off the network threads. Failures come back as values (errc), never as exceptions.
class store {
public:
    virtual ~store() = default;

    /// Brings the schema up to date. Idempotent: applying it again changes nothing.
    [[nodiscard]] virtual result<void> migrate() = 0;

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
    [[nodiscard]] virtual result<user> find_session_user(std::string_view token_hash,
                                                         millis_t now) = 0;
    /// Removes a session; removing one that does not exist is not an error.
    [[nodiscard]] virtual result<void> delete_session(std::string_view token_hash) = 0;

    /// Creates a group and makes its creator the owner and first member.
    [[nodiscard]] virtual result<group> create_group(const new_group& g, millis_t now) = 0;
    /// The group with this id, or not_found.
    [[nodiscard]] virtual result<group> find_group(id_t id) = 0;
    /// Public groups plus the private ones `viewer` belongs to, oldest first, with counts and
    /// the viewer's membership; only kind "group" (direct rooms are listed by direct_rooms).
    /// Only names containing `name_filter` (ignoring case; empty matches all).
    [[nodiscard]] virtual result<std::vector<group_summary>> group_summaries(
        id_t viewer, std::string_view name_filter) = 0;
    /// Renames a group; not_found if it does not exist.
    [[nodiscard]] virtual result<group> rename_group(id_t group_id, std::string_view name) = 0;
    /// Deletes a group with its members and messages; not_found if it does not exist.
    [[nodiscard]] virtual result<void> delete_group(id_t group_id) = 0;

    /// Whether the user is a member of the group.
    [[nodiscard]] virtual result<bool> is_member(id_t group_id, id_t user_id) = 0;
    /// The user's role in the group ("owner" or "member"), or not_found if not a member.
    [[nodiscard]] virtual result<std::string> member_role(id_t group_id, id_t user_id) = 0;
    /// Removes a member; returns whether they were one.
    [[nodiscard]] virtual result<bool> remove_member(id_t group_id, id_t user_id) = 0;
    /// Adds a member; adding an existing member is a no-op that succeeds.
    [[nodiscard]] virtual result<void> add_member(id_t group_id, id_t user_id,
                                                  std::string_view role, millis_t now) = 0;
    /// Members of a group, in the order they joined.
    [[nodiscard]] virtual result<std::vector<member>> members(id_t group_id) = 0;

    /// The newest `limit` messages of a group, returned oldest first.
    [[nodiscard]] virtual result<std::vector<message>> recent_messages(id_t group_id,
                                                                       int limit) = 0;
    /// Up to `limit` messages with ids below `before_id`, newest of them last.
    [[nodiscard]] virtual result<std::vector<message>> messages_before(id_t group_id,
                                                                       id_t before_id,
                                                                       int limit) = 0;
    /// Up to `limit` messages with seq above `after_seq`, oldest first.
    [[nodiscard]] virtual result<std::vector<message>> messages_after_seq(id_t group_id,
                                                                          std::int64_t after_seq,
                                                                          int limit) = 0;
    /// Up to `limit` messages with seq below `before_seq`, the newest of them, oldest first.
    [[nodiscard]] virtual result<std::vector<message>> messages_before_seq(
        id_t group_id, std::int64_t before_seq, int limit) = 0;

    /// The direct room of two different users, created with both as members on first use.
    /// The same pair always gets the same room, whichever asks and however many ask at once.
    /// `created` tells whether this call made it.
    [[nodiscard]] virtual result<group> direct_room(id_t a, id_t b, millis_t now,
                                                    bool& created) = 0;
    /// The user's direct rooms, most recently active first.
    [[nodiscard]] virtual result<std::vector<direct_summary>> direct_rooms(id_t user_id) = 0;

    /// Saves messages together in one transaction (group commit). Returns one result per input,
    /// in the same order; each either holds the stored message or says why it was not stored.
    /// Each new message takes the next seq of its room in this transaction, so seq order is
    /// commit order. A message whose (sender, client_msg_id) is already stored is not stored
    /// again: its result is the original, marked duplicate. Every message in the results is
    /// durable on disk when this returns.
    [[nodiscard]] virtual std::vector<result<saved_message>> save_messages(
        std::span<const new_message> batch) = 0;
};

/// Opens a store from a URL such as "sqlite:data/parley.db" or "sqlite::memory:".
/// Fails with a readable message for an unknown scheme or a database that cannot be opened.
[[nodiscard]] result<std::unique_ptr<store>> open(std::string_view url, std::string& why);

}  // namespace parley::store

#pragma once
// What rooms are, what their members are, and who may do what in them: one pure table for REST,
// the WebSocket and the store's change rules alike. Strings for kinds and roles exist only where
// rows are read and written (store/) and where JSON is made (api/views, chat/protocol).
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace parley {

/// What a room is. Stored as "group" or "direct" (the REST word for a room is "group").
enum class room_kind : std::uint8_t {
    group,   ///< a named group, public or private, with an owner
    direct,  ///< a 1:1 conversation: exactly its two members, neither of them owner
};

/// What a member is in a room. Stored as "owner" or "member".
enum class member_role : std::uint8_t {
    owner,   ///< created the group: settings, members, anyone's messages
    member,  ///< takes part
};

/// Something a member may want to do in a room.
enum class room_action : std::uint8_t {
    post,             ///< send messages, replies, reactions, typing
    edit_own,         ///< replace the text of one's own message
    delete_own,       ///< delete one's own message
    delete_others,    ///< delete someone else's message
    change_settings,  ///< rename, topic, privacy
    invite,           ///< add another user
    remove_others,    ///< remove another member
    leave,            ///< remove oneself
    delete_room,      ///< delete the room with its history
};

/// "group"/"direct"; "owner"/"member": the stored and wire names.
[[nodiscard]] constexpr std::string_view name_of(room_kind k) {
    return k == room_kind::direct ? "direct" : "group";
}
[[nodiscard]] constexpr std::string_view name_of(member_role r) {
    return r == member_role::owner ? "owner" : "member";
}
/// The kind or role a stored name stands for; nullopt for any other text.
[[nodiscard]] constexpr std::optional<room_kind> room_kind_named(std::string_view name) {
    if (name == "group") return room_kind::group;
    if (name == "direct") return room_kind::direct;
    return std::nullopt;
}
[[nodiscard]] constexpr std::optional<member_role> member_role_named(std::string_view name) {
    if (name == "owner") return member_role::owner;
    if (name == "member") return member_role::member;
    return std::nullopt;
}

namespace detail {
constexpr std::uint32_t bit(room_action a) { return 1u << static_cast<unsigned>(a); }
template <class... Actions>
constexpr std::uint32_t allowed(Actions... a) {
    return (bit(a) | ... | 0u);
}
using enum room_action;
/// Rows: kind; columns: role. What each role may do in each kind of room.
constexpr std::array<std::array<std::uint32_t, 2>, 2> may_table{{
    // group: the owner runs it (and cannot leave it: deleting it is how it ends); members take
    // part, invite others (into a private group) and leave.
    {{allowed(post, edit_own, delete_own, delete_others, change_settings, invite, remove_others,
              delete_room),
      allowed(post, edit_own, delete_own, invite, leave)}},
    // direct: exactly two members, fixed; neither deletes the other's messages.
    {{allowed(post, edit_own, delete_own), allowed(post, edit_own, delete_own)}},
}};
}  // namespace detail

/// Whether `role` (nullopt: not a member) may do `action` in a room of `kind`. Non-members may
/// do nothing (joining a public group is access_to's `joinable`). Pure: any thread.
[[nodiscard]] constexpr bool may(std::optional<member_role> role, room_kind kind,
                                 room_action action) {
    if (!role) return false;
    return (detail::may_table[static_cast<std::size_t>(kind)][static_cast<std::size_t>(*role)] &
            detail::bit(action)) != 0;
}

/// What a user may know of a room.
enum class room_access {
    hidden,    ///< not a member of a private group or direct room: it must look nonexistent
    joinable,  ///< a public group they are not in: they may see it and join it themselves
    member,    ///< a member: they may read, write and see its members
};

/// The access a user has to a room of `kind` (`is_private` for a group). Pure: any thread.
[[nodiscard]] constexpr room_access access_to(room_kind kind, bool is_private, bool is_member) {
    if (is_member) return room_access::member;
    if (is_private || kind == room_kind::direct) return room_access::hidden;
    return room_access::joinable;
}

}  // namespace parley

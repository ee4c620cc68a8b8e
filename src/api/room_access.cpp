#include "api/room_access.hpp"

#include "api/json_http.hpp"
#include "room_policy.hpp"

namespace parley::api {

outcome<room_access> room_for(const api_services& s, std::string_view id_text, store::id_t viewer) {
    const failure missing{"not_found", "no such room", 404};
    const auto id = positive_id(id_text);
    if (!id) return missing;
    auto room = s.rooms.find_room(*id);
    if (!room) return room.error() == store::errc::not_found ? missing : store_failure();
    auto role = s.rooms.member_role(*id, viewer);
    if (!role) return store_failure();
    if (access_to(room->kind, room->is_private, role->has_value()) == parley::room_access::hidden)
        return missing;
    return room_access{std::move(*room), *role};
}

outcome<room_access> room_for_action(const api_services& s, std::string_view id_text,
                                     store::id_t viewer, room_action action) {
    auto room = room_for(s, id_text, viewer);
    if (room.has_error() || may(room->role, room->room.kind, action)) return room;
    return refusal(*room, action);
}

failure refusal(const room_access& room, room_action action) {
    const bool membership = action == room_action::invite || action == room_action::leave ||
                            action == room_action::remove_others;
    if (room.room.kind == room_kind::direct)
        return {"forbidden",
                membership ? "direct rooms have exactly their two members"
                           : "direct rooms cannot be changed",
                403};
    if (action == room_action::leave)
        return room.role ? failure{"owner_cannot_leave",
                                   "the owner cannot leave; delete the group instead", 409}
                         : failure{"not_member", "not a member of this group", 404};
    if (action == room_action::remove_others)
        return {"forbidden", "only the owner may remove others", 403};
    return {"forbidden", "only the group's owner may do that", 403};
}

}  // namespace parley::api

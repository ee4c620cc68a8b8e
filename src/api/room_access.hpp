#pragma once
// A room as one REST caller may see it: the one place REST applies chat::access_to.
#include <optional>
#include <string>
#include <string_view>

#include "api/router.hpp"
#include "failure.hpp"
#include "room_policy.hpp"

namespace parley::api {

/// A room and the caller's role in it, if a member.
struct room_access {
    store::room room;
    std::optional<member_role> role;
};

/// The room `id_text` names, if `viewer` may know it exists: a private or direct room is
/// not_found (404) to non-members, exactly like a room that does not exist, so ids cannot be
/// probed. Blocking.
[[nodiscard]] outcome<room_access> room_for(const api_services& s, std::string_view id_text,
                                            store::id_t viewer);

/// As room_for, and then the refusal (see refusal()) unless may() lets the viewer do `action`
/// there. Blocking.
[[nodiscard]] outcome<room_access> room_for_action(const api_services& s, std::string_view id_text,
                                                   store::id_t viewer, room_action action);

/// Why may() refuses `action` in `room` to its viewer, as the client is told: 403 forbidden in
/// words fit for the room's kind; 409 owner_cannot_leave; 404 not_member to leave a group one is
/// not in. Pure.
[[nodiscard]] failure refusal(const room_access& room, room_action action);

}  // namespace parley::api

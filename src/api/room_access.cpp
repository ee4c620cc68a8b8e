#include "api/room_access.hpp"

#include "api/json_http.hpp"
#include "chat/room_policy.hpp"

namespace parley::api {

outcome<room_access> room_for(const api_services& s, std::string_view id_text, store::id_t viewer) {
    const failure missing{"not_found", "no such room", 404};
    const auto id = positive_id(id_text);
    if (!id) return missing;
    auto room = s.rooms.find_room(*id);
    if (!room) return room.error() == store::errc::not_found ? missing : store_failure();
    auto role = s.rooms.member_role(*id, viewer);
    if (!role) return store_failure();
    if (chat::access_to(*room, role->has_value()) == chat::room_access::hidden) return missing;
    return room_access{std::move(*room), std::move(*role)};
}

}  // namespace parley::api

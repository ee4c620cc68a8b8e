// GET /me/rooms, POST /groups/:id/read: the caller's rooms with unread counts, and read markers.
#include <boost/json.hpp>

#include "api/json_http.hpp"
#include "api/room_access.hpp"
#include "api/router.hpp"
#include "api/views.hpp"

namespace parley::api {
namespace json = boost::json;
namespace {

response my_rooms(const api_services& s, const route_call& call, const store::user& me) {
    auto rooms = s.rooms.my_rooms(me.id, limits::unread_count_max);
    if (!rooms) return error_response(call.req, store_failure());
    json::array out;
    out.reserve(rooms->size());
    for (const auto& r : *rooms)
        out.push_back(my_room_json(r, r.other && s.presence.online(r.other->id)));
    return json_response(call.req, http::status::ok, {{"rooms", std::move(out)}});
}

response mark_read(const api_services& s, const route_call& call, const store::user& me) {
    auto body = json_body(call.req);
    if (body.has_error()) return error_response(call.req, body.error());
    const auto* seq = body->if_contains("seq");
    if (!seq || !seq->is_int64() || seq->as_int64() < 0)
        return error_response(call.req,
                              {"invalid_field", "seq must be a whole number, 0 or more", 400});
    auto room = room_for(s, call.params[0], me.id);
    if (room.has_error()) return error_response(call.req, room.error());
    auto marker = s.rooms.mark_read(room->room.id, me.id, seq->as_int64());
    if (!marker) {
        if (marker.error() == store::errc::not_found)  // a public room the caller is not in
            return error_response(call.req, {"not_member", "not a member of this room", 404});
        return error_response(call.req, store_failure());
    }
    // The user's sockets on every node hear it: their other tabs and devices clear the room.
    s.bus.publish_control(
        {bus::control_event::kind::read_marker, room->room.id, me.id, {}, *marker});
    return json_response(call.req, http::status::ok,
                         {{"roomId", room->room.id}, {"lastReadSeq", *marker}});
}

constexpr route routes[] = {
    {http::verb::get, "/me/rooms", nullptr, my_rooms},
    {http::verb::post, "/groups/:id/read", nullptr, mark_read},
};

}  // namespace

std::span<const route> read_routes() { return routes; }

}  // namespace parley::api

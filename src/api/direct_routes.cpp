// POST /direct, GET /direct.
#include <boost/json.hpp>

#include "api/json_http.hpp"
#include "api/router.hpp"
#include "api/views.hpp"

namespace parley::api {
namespace json = boost::json;
namespace {

response open_direct(const api_services& s, const route_call& call, const store::user& me) {
    if (auto wait = s.throttles.rooms_per_user.take(me.id); wait.count())
        return rate_limited_response(call.req, wait);
    auto body = json_body(call.req);
    if (body.has_error()) return error_response(call.req, body.error());
    auto name = string_field(*body, "username", true);
    if (name.has_error()) return error_response(call.req, name.error());
    auto other = s.accounts.find_user_by_name(**name);
    if (!other) {
        if (other.error() == store::errc::not_found)
            return error_response(call.req, {"user_not_found", "no such user", 404});
        return error_response(call.req, store_failure());
    }
    if (other->id == me.id)
        return error_response(call.req, {"invalid_field", "a direct room needs another user", 400});
    bool created = false;
    auto room = s.rooms.direct_room(me.id, other->id, auth::now_millis(), created);
    if (!room) return error_response(call.req, store_failure());
    if (created)  // both people's sockets add it to their room lists
        for (const auto id : {me.id, other->id})
            s.bus.publish_control({bus::control_event::kind::member_added, room->id, id});
    json::object out = group_json(*room);
    out["other"] = public_user_json(*other, s.presence.online(other->id));
    return json_response(call.req, created ? http::status::created : http::status::ok, out);
}

response list_direct(const api_services& s, const route_call& call, const store::user& me) {
    auto rooms = s.rooms.direct_rooms(me.id);
    if (!rooms) return error_response(call.req, store_failure());
    json::array out;
    for (const auto& d : *rooms) out.push_back(direct_json(d, s.presence.online(d.other.id)));
    return json_response(call.req, http::status::ok, {{"rooms", std::move(out)}});
}

constexpr route routes[] = {
    {http::verb::post, "/direct", nullptr, open_direct},
    {http::verb::get, "/direct", nullptr, list_direct},
};

}  // namespace

std::span<const route> direct_routes() { return routes; }

}  // namespace parley::api

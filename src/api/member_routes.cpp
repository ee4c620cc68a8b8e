// POST /groups/:id/members, DELETE /groups/:id/members/:username; POST and DELETE
// /groups/:id/block (leave a private group and let nobody add you back).
#include <boost/json.hpp>

#include "api/json_http.hpp"
#include "api/room_access.hpp"
#include "api/router.hpp"
#include "api/throttles.hpp"

namespace parley::api {
namespace json = boost::json;
namespace {

failure user_lookup_failure(boost::system::error_code ec) {
    if (ec == store::errc::not_found) return {"user_not_found", "no such user", 404};
    return store_failure();
}

response add_member(const api_services& s, const route_call& call, const store::user& me) {
    auto room = room_for(s, call.params[0], me.id);
    if (room.has_error()) return error_response(call.req, room.error());
    // A member invites by the table; a non-member of a public group may only add themselves.
    if (room->role && !may(room->role, room->room.kind, room_action::invite))
        return error_response(call.req, refusal(*room, room_action::invite));
    auto body = json_body(call.req);
    if (body.has_error()) return error_response(call.req, body.error());
    auto name = string_field(*body, "username", true);
    if (name.has_error()) return error_response(call.req, name.error());
    auto target = s.accounts.find_user_by_name(**name);
    if (!target) return error_response(call.req, user_lookup_failure(target.error()));

    // Members of a private group invite (room_for() already hid it from anyone else);
    // in a public group everyone joins themselves.
    if (!room->room.is_private && target->id != me.id)
        return error_response(call.req, {"forbidden", "users join public groups themselves", 403});
    auto already = s.rooms.member_role(room->room.id, target->id);
    if (!already) return error_response(call.req, store_failure());
    if (already->has_value())
        return error_response(call.req, {"already_member", "already a member", 409});
    if (target->id != me.id)
        if (auto wait = s.throttles.invites_per_user.take(me.id); wait.count())
            return rate_limited_response(call.req, wait);
    if (auto added =
            s.rooms.add_member(room->room.id, target->id, member_role::member, auth::now_millis());
        !added) {
        if (added.error() == store::errc::forbidden)
            return error_response(
                call.req, {"blocked", target->username + " left this group and blocked it", 403});
        return error_response(call.req, store_failure());
    }
    s.bus.publish_control({bus::control_event::kind::member_added, room->room.id, target->id});
    return json_response(call.req, http::status::created,
                         {{"id", target->id},
                          {"username", target->username},
                          {"role", name_of(member_role::member)}});
}

response remove_member(const api_services& s, const route_call& call, const store::user& me) {
    auto room = room_for(s, call.params[0], me.id);
    if (room.has_error()) return error_response(call.req, room.error());
    auto target = s.accounts.find_user_by_name(call.params[1]);
    if (!target) return error_response(call.req, user_lookup_failure(target.error()));
    const auto action = target->id == me.id ? room_action::leave : room_action::remove_others;
    if (!may(room->role, room->room.kind, action))
        return error_response(call.req, refusal(*room, action));
    auto removed = s.rooms.remove_member(room->room.id, target->id);
    if (!removed) return error_response(call.req, store_failure());
    if (!*removed)
        return error_response(call.req, {"not_member", "not a member of this group", 404});
    // Every node takes their open sockets out of the room now.
    s.bus.publish_control({bus::control_event::kind::member_removed, room->room.id, target->id});
    return json_response(call.req, http::status::ok, {{"removed", target->username}});
}

/// POST /groups/:id/block: the caller leaves a private group they were put in and blocks it, so
/// that nobody can add them to it again (DELETE lifts the block).
response block_group(const api_services& s, const route_call& call, const store::user& me) {
    auto room = room_for_action(s, call.params[0], me.id, room_action::leave);
    if (room.has_error()) return error_response(call.req, room.error());
    if (!room->room.is_private)
        return error_response(call.req, {"not_blockable",
                                         "only private groups can be blocked: nobody can add "
                                         "you to a public one; leave it instead",
                                         400});
    auto left = s.rooms.block_room(room->room.id, me.id, auth::now_millis());
    if (!left) return error_response(call.req, store_failure());
    // Every node takes the caller's sockets out of the room now.
    s.bus.publish_control({bus::control_event::kind::member_removed, room->room.id, me.id});
    return json_response(call.req, http::status::ok, {{"blocked", room->room.id}});
}

/// DELETE /groups/:id/block: lifts the caller's block; the group's members may add them again.
response unblock_group(const api_services& s, const route_call& call, const store::user& me) {
    const failure not_blocked{"not_blocked", "you have not blocked that group", 404};
    const auto id = positive_id(call.params[0]);
    if (!id) return error_response(call.req, not_blocked);
    auto lifted = s.rooms.unblock_room(*id, me.id);
    if (!lifted) return error_response(call.req, store_failure());
    if (!*lifted) return error_response(call.req, not_blocked);
    return json_response(call.req, http::status::ok, {{"unblocked", *id}});
}

constexpr route routes[] = {
    {http::verb::post, "/groups/:id/members", nullptr, add_member},
    {http::verb::delete_, "/groups/:id/members/:username", nullptr, remove_member},
    {http::verb::post, "/groups/:id/block", nullptr, block_group},
    {http::verb::delete_, "/groups/:id/block", nullptr, unblock_group},
};

}  // namespace

std::span<const route> member_routes() { return routes; }

}  // namespace parley::api

// POST /groups/:id/members, DELETE /groups/:id/members/:username.
#include <boost/json.hpp>

#include "api/json_http.hpp"
#include "api/router.hpp"

namespace parley::api {
namespace json = boost::json;
namespace {

const failure direct_closed{"forbidden", "direct rooms have exactly their two members", 403};

failure user_lookup_failure(boost::system::error_code ec) {
    if (ec == store::errc::not_found) return {"user_not_found", "no such user", 404};
    return store_failure();
}

}  // namespace

void router::add_member_routes() {
    add_signed_in(
        http::verb::post, "/groups/:id/members",
        [this](const route_call& call, const store::user& me) {
            auto room = access(call.params[0], me.id);
            if (room.has_error()) return error_response(call.req, room.error());
            if (room->room.kind == "direct") return error_response(call.req, direct_closed);
            auto body = json_body(call.req);
            if (body.has_error()) return error_response(call.req, body.error());
            auto name = string_field(*body, "username", true);
            if (name.has_error()) return error_response(call.req, name.error());
            auto target = db_.find_user_by_name(**name);
            if (!target) return error_response(call.req, user_lookup_failure(target.error()));

            // Members of a private group invite (access() already hid it from anyone else);
            // in a public group everyone joins themselves.
            if (!room->room.is_private && target->id != me.id)
                return error_response(call.req,
                                      {"forbidden", "users join public groups themselves", 403});
            auto already = db_.is_member(room->room.id, target->id);
            if (!already) return error_response(call.req, store_failure());
            if (*already)
                return error_response(call.req, {"already_member", "already a member", 409});
            if (!db_.add_member(room->room.id, target->id, "member", auth::now_millis()))
                return error_response(call.req, store_failure());
            return json_response(
                call.req, http::status::created,
                {{"id", target->id}, {"username", target->username}, {"role", "member"}});
        });

    add_signed_in(
        http::verb::delete_, "/groups/:id/members/:username",
        [this](const route_call& call, const store::user& me) {
            auto room = access(call.params[0], me.id);
            if (room.has_error()) return error_response(call.req, room.error());
            if (room->room.kind == "direct") return error_response(call.req, direct_closed);
            auto target = db_.find_user_by_name(call.params[1]);
            if (!target) return error_response(call.req, user_lookup_failure(target.error()));

            const bool self = target->id == me.id;
            if (self && room->role == "owner")
                return error_response(call.req,
                                      {"owner_cannot_leave",
                                       "the owner cannot leave; delete the group instead", 409});
            if (!self && room->role != "owner")
                return error_response(call.req,
                                      {"forbidden", "only the owner may remove others", 403});
            auto removed = db_.remove_member(room->room.id, target->id);
            if (!removed) return error_response(call.req, store_failure());
            if (!*removed)
                return error_response(call.req, {"not_member", "not a member of this group", 404});
            chat_.remove_user(room->room.id, target->id);  // their open sockets leave the room now
            return json_response(call.req, http::status::ok, {{"removed", target->username}});
        });
}

}  // namespace parley::api

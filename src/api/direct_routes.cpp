// POST /direct, GET /direct.
#include <boost/json.hpp>

#include "api/json_http.hpp"
#include "api/router.hpp"
#include "api/views.hpp"

namespace parley::api {
namespace json = boost::json;

void router::add_direct_routes() {
    add_signed_in(
        http::verb::post, "/direct", [this](const route_call& call, const store::user& me) {
            auto body = json_body(call.req);
            if (body.has_error()) return error_response(call.req, body.error());
            auto name = string_field(*body, "username", true);
            if (name.has_error()) return error_response(call.req, name.error());
            auto other = db_.find_user_by_name(**name);
            if (!other) {
                if (other.error() == store::errc::not_found)
                    return error_response(call.req, {"user_not_found", "no such user", 404});
                return error_response(call.req, store_failure());
            }
            if (other->id == me.id)
                return error_response(call.req,
                                      {"invalid_field", "a direct room needs another user", 400});
            bool created = false;
            auto room = db_.direct_room(me.id, other->id, auth::now_millis(), created);
            if (!room) return error_response(call.req, store_failure());
            json::object out = group_json(*room);
            out["other"] = public_user_json(*other, presence_.online(other->id));
            return json_response(call.req, created ? http::status::created : http::status::ok, out);
        });

    add_signed_in(http::verb::get, "/direct",
                  [this](const route_call& call, const store::user& me) {
                      auto rooms = db_.direct_rooms(me.id);
                      if (!rooms) return error_response(call.req, store_failure());
                      json::array out;
                      for (const auto& d : *rooms)
                          out.push_back(direct_json(d, presence_.online(d.other.id)));
                      return json_response(call.req, http::status::ok, {{"rooms", std::move(out)}});
                  });
}

}  // namespace parley::api

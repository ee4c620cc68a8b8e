// GET /tags, GET /tags/:name/users, POST /profile/tags, DELETE /profile/tags/:tag.
#include <boost/json.hpp>

#include "api/json_http.hpp"
#include "api/router.hpp"
#include "api/validation.hpp"
#include "api/views.hpp"
#include "auth/accounts.hpp"

namespace parley::api {
namespace json = boost::json;

void router::add_tag_routes() {
    auto own_tags = [this](const request& req, store::id_t user) {
        auto tags = db_.user_tags(user);
        if (!tags) return error_response(req, store_failure());
        return json_response(req, http::status::ok, {{"tags", json::value_from(*tags)}});
    };

    add_signed_in(http::verb::get, "/tags", [this](const route_call& call, const store::user& /*caller*/) {
        auto tags = db_.all_tags();
        if (!tags) return error_response(call.req, store_failure());
        json::array out;
        for (const auto& t : *tags) out.push_back({{"tag", t.tag}, {"users", t.users}});
        return json_response(call.req, http::status::ok, {{"tags", std::move(out)}});
    });

    add_signed_in(http::verb::get, "/tags/:name/users",
                  [this](const route_call& call, const store::user& /*caller*/) {
                      auto tag = normalized_tag(call.params[0]);
                      if (tag.has_error()) return error_response(call.req, tag.error());
                      auto users = db_.users_with_tag(*tag);
                      if (!users) return error_response(call.req, store_failure());
                      json::array out;
                      for (const auto& u : *users)
                          out.push_back(public_user_json(u, presence_.online(u.id)));
                      return json_response(call.req, http::status::ok,
                                           {{"tag", *tag}, {"users", std::move(out)}});
                  });

    add_signed_in(http::verb::post, "/profile/tags",
                  [this, own_tags](const route_call& call, const store::user& me) {
                      auto body = json_body(call.req);
                      if (body.has_error()) return error_response(call.req, body.error());
                      auto text = string_field(*body, "tag", true);
                      if (text.has_error()) return error_response(call.req, text.error());
                      auto tag = normalized_tag(**text);
                      if (tag.has_error()) return error_response(call.req, tag.error());
                      if (!db_.add_tag(me.id, *tag, auth::now_millis()))
                          return error_response(call.req, store_failure());
                      return own_tags(call.req, me.id);
                  });

    add_signed_in(
        http::verb::delete_, "/profile/tags/:tag",
        [this, own_tags](const route_call& call, const store::user& me) {
            auto tag = normalized_tag(call.params[0]);
            if (tag.has_error()) return error_response(call.req, tag.error());
            auto removed = db_.remove_tag(me.id, *tag);
            if (!removed) return error_response(call.req, store_failure());
            if (!*removed)
                return error_response(call.req, {"tag_not_found", "you do not have that tag", 404});
            return own_tags(call.req, me.id);
        });
}

}  // namespace parley::api

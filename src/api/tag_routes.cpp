// GET /tags, GET /tags/:name/users, POST /profile/tags, DELETE /profile/tags/:tag.
#include <boost/json.hpp>

#include "api/json_http.hpp"
#include "api/router.hpp"
#include "api/validation.hpp"
#include "api/views.hpp"
#include "auth/accounts.hpp"

namespace parley::api {
namespace json = boost::json;
namespace {

/// The caller's tags after a change.
response own_tags(const api_services& s, const request& req, store::id_t user) {
    auto tags = s.accounts.user_tags(user);
    if (!tags) return error_response(req, store_failure());
    return json_response(req, http::status::ok, {{"tags", json::value_from(*tags)}});
}

response list_tags(const api_services& s, const route_call& call, const store::user&) {
    auto tags = s.accounts.all_tags();
    if (!tags) return error_response(call.req, store_failure());
    json::array out;
    for (const auto& t : *tags) out.push_back({{"tag", t.tag}, {"users", t.users}});
    return json_response(call.req, http::status::ok, {{"tags", std::move(out)}});
}

response users_with_tag(const api_services& s, const route_call& call, const store::user&) {
    auto tag = normalized_tag(call.params[0]);
    if (tag.has_error()) return error_response(call.req, tag.error());
    auto users = s.accounts.users_with_tag(*tag);
    if (!users) return error_response(call.req, store_failure());
    json::array out;
    for (const auto& u : *users) out.push_back(public_user_json(u, s.presence.online(u.id)));
    return json_response(call.req, http::status::ok, {{"tag", *tag}, {"users", std::move(out)}});
}

response add_tag(const api_services& s, const route_call& call, const store::user& me) {
    auto body = json_body(call.req);
    if (body.has_error()) return error_response(call.req, body.error());
    auto text = string_field(*body, "tag", true);
    if (text.has_error()) return error_response(call.req, text.error());
    auto tag = normalized_tag(**text);
    if (tag.has_error()) return error_response(call.req, tag.error());
    if (!s.accounts.add_tag(me.id, *tag, auth::now_millis()))
        return error_response(call.req, store_failure());
    return own_tags(s, call.req, me.id);
}

response remove_tag(const api_services& s, const route_call& call, const store::user& me) {
    auto tag = normalized_tag(call.params[0]);
    if (tag.has_error()) return error_response(call.req, tag.error());
    auto removed = s.accounts.remove_tag(me.id, *tag);
    if (!removed) return error_response(call.req, store_failure());
    if (!*removed)
        return error_response(call.req, {"tag_not_found", "you do not have that tag", 404});
    return own_tags(s, call.req, me.id);
}

constexpr route routes[] = {
    {http::verb::get, "/tags", nullptr, list_tags},
    {http::verb::get, "/tags/:name/users", nullptr, users_with_tag},
    {http::verb::post, "/profile/tags", nullptr, add_tag},
    {http::verb::delete_, "/profile/tags/:tag", nullptr, remove_tag},
};

}  // namespace

std::span<const route> tag_routes() { return routes; }

}  // namespace parley::api

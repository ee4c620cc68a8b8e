// GET /profile, PATCH /profile, GET /users/:username, GET /nicknames.
#include <boost/json.hpp>

#include "api/json_http.hpp"
#include "api/router.hpp"
#include "api/validation.hpp"
#include "api/views.hpp"
#include "auth/rules.hpp"
#include "text.hpp"

namespace parley::api {
namespace json = boost::json;
namespace {

using limits::nickname_results_default;
using limits::nickname_results_max;

/// Applies one optional, clearable field of a PATCH body: absent keeps, null clears.
template <class Check>
outcome<void> patch_field(const json::object& body, std::string_view name,
                          std::optional<std::string>& target, Check check) {
    const json::value* v = body.if_contains(name);
    if (!v) return {};
    if (v->is_null()) {
        target.reset();
        return {};
    }
    if (!v->is_string())
        return failure{"invalid_field", std::string(name) + " must be a string or null", 400};
    auto checked = check(std::string_view(v->get_string()));
    if (checked.has_error()) return checked.error();
    target = std::move(*checked);
    return {};
}

outcome<std::string> checked_email(std::string_view e) {
    if (auto why = auth::check_email(e)) return failure{"invalid_email", *why, 400};
    return std::string(e);
}

/// The caller's own profile, with tags.
response profile_of(const api_services& s, const request& req, const store::user& u) {
    auto tags = s.accounts.user_tags(u.id);
    if (!tags) return error_response(req, store_failure());
    json::object out = user_json(u);
    out["tags"] = json::value_from(*tags);
    return json_response(req, http::status::ok, out);
}

response get_profile(const api_services& s, const route_call& call, const store::user& me) {
    return profile_of(s, call.req, me);
}

response patch_profile(const api_services& s, const route_call& call, const store::user& me) {
    auto body = json_body(call.req);
    if (body.has_error()) return error_response(call.req, body.error());
    store::profile_fields fields{me.nickname, me.email, me.avatar};
    for (auto r : {patch_field(*body, "nickname", fields.nickname, valid_nickname),
                   patch_field(*body, "email", fields.email, checked_email),
                   patch_field(*body, "avatar", fields.avatar, valid_avatar)})
        if (r.has_error()) return error_response(call.req, r.error());
    // A nickname that is someone else's username would let its holder pass for them.
    if (fields.nickname && !text::iequals(*fields.nickname, me.username)) {
        auto holder = s.accounts.find_user_by_name(*fields.nickname);
        if (holder)
            return error_response(
                call.req, {"nickname_taken", "that nickname is another user's username", 409});
        if (holder.error() != store::errc::not_found)
            return error_response(call.req, store_failure());
    }
    auto updated = s.accounts.update_profile(me.id, fields);
    if (!updated) return error_response(call.req, store_failure());
    return profile_of(s, call.req, *updated);
}

response get_user(const api_services& s, const route_call& call, const store::user&) {
    auto u = s.accounts.find_user_by_name(call.params[0]);
    if (!u) {
        if (u.error() == store::errc::not_found)
            return error_response(call.req, {"user_not_found", "no such user", 404});
        return error_response(call.req, store_failure());
    }
    auto tags = s.accounts.user_tags(u->id);
    if (!tags) return error_response(call.req, store_failure());
    json::object out = public_user_json(*u, s.presence.online(u->id));
    out["tags"] = json::value_from(*tags);
    out["createdAt"] = u->created_at;
    return json_response(call.req, http::status::ok, out);
}

response search_nicknames(const api_services& s, const route_call& call, const store::user&) {
    const std::string prefix(text::trimmed(query_param(call.req, "q").value_or("")));
    if (prefix.size() > 64)
        return error_response(call.req, {"invalid_field", "q must be at most 64 characters", 400});
    auto limit = int_param(call.req, "limit", 1, nickname_results_max);
    if (limit.has_error()) return error_response(call.req, limit.error());
    auto found = s.accounts.search_users(
        prefix, static_cast<int>(limit->value_or(nickname_results_default)));
    if (!found) return error_response(call.req, store_failure());
    json::array users;
    for (const auto& u : *found) users.push_back(public_user_json(u, s.presence.online(u.id)));
    return json_response(call.req, http::status::ok, {{"users", std::move(users)}});
}

constexpr route routes[] = {
    {http::verb::get, "/profile", nullptr, get_profile},
    {http::verb::patch, "/profile", nullptr, patch_profile},
    {http::verb::get, "/users/:username", nullptr, get_user},
    {http::verb::get, "/nicknames", nullptr, search_nicknames, route_cost::heavy_read},
};

}  // namespace

std::span<const route> profile_routes() { return routes; }

}  // namespace parley::api

// GET /profile, PATCH /profile, GET /users/:username, GET /nicknames.
#include <boost/json.hpp>

#include "api/json_http.hpp"
#include "api/router.hpp"
#include "api/validation.hpp"
#include "api/views.hpp"
#include "text.hpp"
#include "auth/rules.hpp"

namespace parley::api {
namespace json = boost::json;
namespace {

constexpr std::int64_t nickname_results_default = 20;
constexpr std::int64_t nickname_results_max = 50;

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

}  // namespace

void router::add_profile_routes() {
    auto profile = [this](const request& req, const store::user& u) {
        auto tags = db_.user_tags(u.id);
        if (!tags) return error_response(req, store_failure());
        json::object out = user_json(u);
        out["tags"] = json::value_from(*tags);
        return json_response(req, http::status::ok, out);
    };

    add_signed_in(http::verb::get, "/profile",
                  [this, profile](const route_call& call, const store::user& me) {
                      return profile(call.req, me);
                  });

    add_signed_in(
        http::verb::patch, "/profile",
        [this, profile](const route_call& call, const store::user& me) {
            auto body = json_body(call.req);
            if (body.has_error()) return error_response(call.req, body.error());
            store::profile_fields fields{me.nickname, me.email, me.avatar};
            for (auto r : {patch_field(*body, "nickname", fields.nickname, valid_nickname),
                           patch_field(*body, "email", fields.email, checked_email),
                           patch_field(*body, "avatar", fields.avatar, valid_avatar)})
                if (r.has_error()) return error_response(call.req, r.error());
            auto updated = db_.update_profile(me.id, fields);
            if (!updated) return error_response(call.req, store_failure());
            return profile(call.req, *updated);
        });

    add_signed_in(
        http::verb::get, "/users/:username", [this](const route_call& call, const store::user& /*caller*/) {
            auto u = db_.find_user_by_name(call.params[0]);
            if (!u) {
                if (u.error() == store::errc::not_found)
                    return error_response(call.req, {"user_not_found", "no such user", 404});
                return error_response(call.req, store_failure());
            }
            auto tags = db_.user_tags(u->id);
            if (!tags) return error_response(call.req, store_failure());
            json::object out = public_user_json(*u, presence_.online(u->id));
            out["tags"] = json::value_from(*tags);
            out["createdAt"] = u->created_at;
            return json_response(call.req, http::status::ok, out);
        });

    add_signed_in(
        http::verb::get, "/nicknames", [this](const route_call& call, const store::user& /*caller*/) {
            const std::string prefix(text::trimmed(query_param(call.req, "q").value_or("")));
            if (prefix.size() > 64)
                return error_response(call.req,
                                      {"invalid_field", "q must be at most 64 characters", 400});
            auto limit = int_param(call.req, "limit", 1, nickname_results_max);
            if (limit.has_error()) return error_response(call.req, limit.error());
            auto found = db_.search_users(
                prefix, static_cast<int>(limit->value_or(nickname_results_default)));
            if (!found) return error_response(call.req, store_failure());
            json::array users;
            for (const auto& u : *found)
                users.push_back(public_user_json(u, presence_.online(u.id)));
            return json_response(call.req, http::status::ok, {{"users", std::move(users)}});
        });
}

}  // namespace parley::api

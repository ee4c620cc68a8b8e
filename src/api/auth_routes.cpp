// POST /auth/register, POST /auth/login, POST /auth/logout.
#include <boost/json.hpp>

#include "api/json_http.hpp"
#include "api/router.hpp"
#include "api/views.hpp"

namespace parley::api {
namespace json = boost::json;

void router::add_auth_routes() {
    add(http::verb::post, "/auth/register", [this](const route_call& call) {
        auto body = json_body(call.req);
        if (body.has_error()) return error_response(call.req, body.error());
        auto username = string_field(*body, "username", true);
        auto password = string_field(*body, "password", true);
        auto email = string_field(*body, "email", false);
        for (auto* f : {&username, &password, &email})
            if (f->has_error()) return error_response(call.req, f->error());
        auto done = accounts_.register_user(**username, **password, *email);
        if (done.has_error()) return error_response(call.req, done.error());
        return with_session_cookie(
            json_response(call.req, http::status::created,
                          {{"user", user_json(done->user)}, {"token", done->token}}),
            done->token);
    });

    add(http::verb::post, "/auth/login", [this](const route_call& call) {
        auto body = json_body(call.req);
        if (body.has_error()) return error_response(call.req, body.error());
        auto username = string_field(*body, "username", true);
        auto password = string_field(*body, "password", true);
        for (auto* f : {&username, &password})
            if (f->has_error()) return error_response(call.req, f->error());
        auto done = accounts_.login(**username, **password);
        if (done.has_error()) return error_response(call.req, done.error());
        return with_session_cookie(
            json_response(call.req, http::status::ok,
                          {{"user", user_json(done->user)}, {"token", done->token}}),
            done->token);
    });

    add(http::verb::post, "/auth/logout", [this](const route_call& call) {
        if (auto done = accounts_.logout(request_token(call.req)); done.has_error())
            return error_response(call.req, done.error());
        return with_session_cookie(json_response(call.req, http::status::ok, {{"ok", true}}), "");
    });
}

}  // namespace parley::api

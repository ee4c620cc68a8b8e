// POST /auth/register, /auth/login, /auth/logout, /auth/logout-all, /auth/password;
// DELETE /profile (the account).
#include <boost/algorithm/string/case_conv.hpp>
#include <boost/json.hpp>

#include "api/json_http.hpp"
#include "api/router.hpp"
#include "api/views.hpp"
#include "auth/tokens.hpp"

namespace parley::api {
namespace json = boost::json;
namespace {

/// Sets (or, with an empty token, clears) the HttpOnly session cookie.
response with_session_cookie(const api_services& s, response res, const std::string& token) {
    std::string cookie = std::string(session_cookie) + "=" + token +
                         "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
                         std::to_string(token.empty() ? 0 : s.config.session_ttl.count());
    if (s.config.secure_cookies) cookie += "; Secure";
    res.set(http::field::set_cookie, cookie);
    return res;
}

/// The answer to a successful sign-up or sign-in; the device is known to the account from now
/// on (the device cookie, kept for a year, is sent only to /auth).
response signed_in_response(const api_services& s, const request& req, http::status status,
                            const auth::signed_in& done) {
    auto res = with_session_cookie(
        s, json_response(req, status, {{"user", user_json(done.user)}, {"token", done.token}}),
        done.token);
    std::string cookie = std::string(device_cookie) + "=" + done.device +
                         "; Path=/auth; HttpOnly; SameSite=Lax; Max-Age=" +
                         std::to_string(limits::known_device_cookie_age.count());
    if (s.config.secure_cookies) cookie += "; Secure";
    res.insert(http::field::set_cookie, cookie);
    return res;
}

response register_user(const api_services& s, const route_call& call) {
    auto body = json_body(call.req);
    if (body.has_error()) return error_response(call.req, body.error());
    auto username = string_field(*body, "username", true);
    auto password = string_field(*body, "password", true);
    auto email = string_field(*body, "email", false);
    for (auto* f : {&username, &password, &email})
        if (f->has_error()) return error_response(call.req, f->error());
    if (auto wait = s.throttles.registrations_per_ip.take(std::string(call.client_ip));
        wait.count())
        return rate_limited_response(call.req, wait);
    auto done = s.auth.register_user(**username, **password, *email);
    if (done.has_error()) return error_response(call.req, done.error());
    return signed_in_response(s, call.req, http::status::created, *done);
}

/// Where a password try comes from: a sign-in (from a known device, with its id, or not), or a
/// route of a signed-in session that checks the password.
struct password_try {
    std::optional<std::string> known_device;
    bool signed_in = false;
};

/// 429 when `username` has used up its password tries from this client (logins_per_account,
/// by known device, else by address): sign-ins, and everything else a stolen session could use
/// to guess the password, count against it. A sign-in from a device not known to the account
/// also counts against the account's tries from everywhere (logins_per_account_anywhere).
std::optional<response> password_tries_exhausted(const api_services& s, const route_call& call,
                                                 std::string_view username,
                                                 const password_try& from) {
    const auto account = boost::algorithm::to_lower_copy(std::string(username));
    const auto client = from.known_device ? "device " + *from.known_device
                                          : std::string("address ").append(call.client_ip);
    auto wait = s.throttles.logins_per_account.take(account + "\n" + client);
    if (wait.count() == 0 && !from.known_device && !from.signed_in)
        wait = s.throttles.logins_per_account_anywhere.take(account);
    if (wait.count() == 0) return std::nullopt;
    return rate_limited_response(call.req, wait);
}

response login(const api_services& s, const route_call& call) {
    auto body = json_body(call.req);
    if (body.has_error()) return error_response(call.req, body.error());
    auto username = string_field(*body, "username", true);
    auto password = string_field(*body, "password", true);
    for (auto* f : {&username, &password})
        if (f->has_error()) return error_response(call.req, f->error());
    // Counted before the password is checked, for known and unknown usernames alike.
    if (auto wait = s.throttles.logins_per_ip.take(std::string(call.client_ip)); wait.count())
        return rate_limited_response(call.req, wait);
    const auto device = s.auth.known_device(**username, request_cookie(call.req, device_cookie));
    if (auto refused = password_tries_exhausted(s, call, **username, {device}))
        return std::move(*refused);
    auto done = s.auth.login(**username, **password);
    if (done.has_error()) return error_response(call.req, done.error());
    return signed_in_response(s, call.req, http::status::ok, *done);
}

response logout(const api_services& s, const route_call& call) {
    const auto token = request_token(call.req);
    if (auto done = s.auth.logout(token); done.has_error())
        return error_response(call.req, done.error());
    // Every node closes the WebSockets that signed in with this session.
    if (!token.empty())
        s.bus.publish_control(
            {bus::control_event::kind::session_revoked, 0, 0, auth::token_hash(token)});
    return with_session_cookie(s, json_response(call.req, http::status::ok, {{"ok", true}}), "");
}

/// POST /auth/logout-all: every session of the caller ends, on every device; the sockets close
/// with 4001 on every node.
response logout_everywhere(const api_services& s, const route_call& call, const store::user& me) {
    auto ended = s.auth.logout_everywhere(me.id);
    if (ended.has_error()) return error_response(call.req, ended.error());
    for (const auto& session : *ended)
        s.bus.publish_control({bus::control_event::kind::session_revoked, 0, 0, session});
    return with_session_cookie(
        s, json_response(call.req, http::status::ok, {{"ended", ended->size()}}), "");
}

response change_password(const api_services& s, const route_call& call, const store::user& me) {
    auto body = json_body(call.req);
    if (body.has_error()) return error_response(call.req, body.error());
    auto current = string_field(*body, "currentPassword", true);
    auto next = string_field(*body, "newPassword", true);
    for (auto* f : {&current, &next})
        if (f->has_error()) return error_response(call.req, f->error());
    // A stolen session must not be a way to guess the password: sign-ins' limit applies.
    if (auto refused = password_tries_exhausted(s, call, me.username, {.signed_in = true}))
        return std::move(*refused);
    const auto token = request_token(call.req);
    auto ended = s.auth.change_password(me, token, **current, **next);
    if (ended.has_error()) return error_response(call.req, ended.error());
    // Every node closes the sockets of the sessions that ended; this one stays signed in.
    for (const auto& session : *ended)
        s.bus.publish_control({bus::control_event::kind::session_revoked, 0, 0, session});
    return json_response(call.req, http::status::ok, {{"ok", true}});
}

response delete_account(const api_services& s, const route_call& call, const store::user& me) {
    auto body = json_body(call.req);
    if (body.has_error()) return error_response(call.req, body.error());
    auto password = string_field(*body, "password", true);
    if (password.has_error()) return error_response(call.req, password.error());
    if (auto refused = password_tries_exhausted(s, call, me.username, {.signed_in = true}))
        return std::move(*refused);
    auto ended = s.auth.delete_account(me, **password);
    if (ended.has_error()) return error_response(call.req, ended.error());
    for (const auto& session : *ended)  // this one included: every node closes its sockets
        s.bus.publish_control({bus::control_event::kind::session_revoked, 0, 0, session});
    return with_session_cookie(s, json_response(call.req, http::status::ok, {{"deleted", me.id}}),
                               "");
}

constexpr route routes[] = {
    {http::verb::post, "/auth/register", register_user, nullptr, route_cost::hashing},
    {http::verb::post, "/auth/login", login, nullptr, route_cost::hashing},
    {http::verb::post, "/auth/logout", logout},
    {http::verb::post, "/auth/logout-all", nullptr, logout_everywhere},
    {http::verb::post, "/auth/password", nullptr, change_password, route_cost::hashing},
    {http::verb::delete_, "/profile", nullptr, delete_account, route_cost::hashing},
};

}  // namespace

std::span<const route> auth_routes() { return routes; }

}  // namespace parley::api

#include "api/router.hpp"

#include <boost/url/parse.hpp>

#include "api/json_http.hpp"
#include "api/static_files.hpp"

namespace parley::api {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> parts;
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        const auto end = path.find('/');
        parts.push_back(path.substr(0, end));
        if (end == std::string_view::npos) break;
        path.remove_prefix(end);
    }
    return parts;
}

/// Matches a pattern's segments ("groups", ":id") against a decoded path's, collecting
/// parameter values.
bool match(const std::vector<std::string>& want, const std::vector<std::string_view>& path,
           std::vector<std::string>& params) {
    if (want.size() != path.size()) return false;
    params.clear();
    for (std::size_t i = 0; i < want.size(); ++i) {
        if (want[i].starts_with(':'))
            params.emplace_back(path[i]);
        else if (want[i] != path[i])
            return false;
    }
    return true;
}

/// Paths that belong to the API: never answered with the web client's index.html.
bool api_path(const std::vector<std::string_view>& path) {
    static constexpr std::string_view prefixes[] = {
        "auth", "profile", "groups", "tags", "nicknames", "users", "direct", "ws", "api"};
    return !path.empty() &&
           std::find(std::begin(prefixes), std::end(prefixes), path.front()) != std::end(prefixes);
}

}  // namespace

router::router(auth::accounts& accounts, store::store& db, chat::chat_service& chat,
               const chat::presence& presence, const server_config& config)
    : accounts_(accounts), db_(db), chat_(chat), presence_(presence), config_(config) {
    add_auth_routes();
    add_profile_routes();
    add_tag_routes();
    add_group_routes();
    add_member_routes();
    add_direct_routes();
}

void router::add(http::verb method, std::string pattern, handler h) {
    std::vector<std::string> segments;
    for (auto part : split_path(pattern)) segments.emplace_back(part);
    routes_.push_back({method, std::move(pattern), std::move(segments), std::move(h)});
}

void router::add_signed_in(http::verb method, std::string pattern, user_handler h) {
    add(method, std::move(pattern), [this, h = std::move(h)](const route_call& call) {
        auto me = caller(call.req);
        if (me.has_error()) return error_response(call.req, me.error());
        return h(call, *me);
    });
}

std::vector<std::string> router::route_names() const {
    std::vector<std::string> out;
    for (const auto& r : routes_)
        out.push_back(std::string(http::to_string(r.method)) + " " + r.pattern);
    return out;
}

response router::handle(const request& req) const {
    auto url = boost::urls::parse_origin_form(req.target());
    if (!url)
        return error_response(req, {"invalid_target", "the request target is malformed", 400});
    const std::string decoded = url->path();
    const auto path = split_path(decoded);

    bool path_known = false;
    std::vector<std::string> params;
    for (const auto& r : routes_) {
        if (!match(r.segments, path, params)) continue;
        path_known = true;
        if (r.method == req.method()) return r.run(route_call{req, std::move(params)});
    }
    if (path_known)
        return error_response(req, {"method_not_allowed", "that method is not allowed here", 405});
    if (api_path(path) || (req.method() != http::verb::get && req.method() != http::verb::head))
        return error_response(req, {"not_found", "no such route", 404});
    return serve_static(req, config_.web_root, decoded);
}

outcome<store::user> router::caller(const request& req) const {
    return accounts_.authenticate(request_token(req));
}

outcome<router::room_access> router::access(std::string_view id_text, store::id_t viewer) const {
    const failure missing{"not_found", "no such room", 404};
    const auto id = positive_id(id_text);
    if (!id) return missing;
    auto room = db_.find_group(*id);
    if (!room) return room.error() == store::errc::not_found ? missing : store_failure();
    auto role = db_.member_role(*id, viewer);
    if (!role && role.error() != store::errc::not_found) return store_failure();
    room_access out{std::move(*room), std::nullopt};
    if (role) out.role = std::move(*role);
    if (!out.role && (out.room.is_private || out.room.kind == "direct")) return missing;
    return out;
}

response router::with_session_cookie(response res, const std::string& token) const {
    std::string cookie = std::string(session_cookie) + "=" + token +
                         "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
                         std::to_string(token.empty() ? 0 : config_.session_ttl.count());
    if (config_.secure_cookies) cookie += "; Secure";
    res.set(http::field::set_cookie, cookie);
    return res;
}

}  // namespace parley::api

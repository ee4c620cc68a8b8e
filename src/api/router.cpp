#include "api/router.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/url/parse.hpp>
#include <optional>

#include "api/file_routes.hpp"
#include "api/json_http.hpp"
#include "api/origin_policy.hpp"
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

/// Whether a Content-Type names JSON ("application/json", any parameters, any case).
bool is_json(std::string_view type) {
    type = type.substr(0, type.find(';'));
    while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
    return boost::algorithm::iequals(type, "application/json");
}

/// Why a state-changing request is refused before any route runs, if it is: a page on another
/// site (its Origin) acting with the user's cookie, or a body that is not JSON (a cross-site
/// form can only send form or text bodies, and those never reach a route).
std::optional<failure> refuse_unsafe(const request& req, const server_config& config) {
    const auto m = req.method();
    if (m == http::verb::get || m == http::verb::head || m == http::verb::options) return {};
    if (!origin_allowed(req[http::field::origin], req[http::field::host], config.allowed_origins))
        return failure{"forbidden_origin", "requests from this origin are not accepted", 403};
    const auto type = req[http::field::content_type];
    if (type.empty() ? !req.body().empty() : !is_json(type))
        return failure{"unsupported_media_type", "send the body as Content-Type: application/json",
                       415};
    return {};
}

}  // namespace

router::router(const api_services& services) : s_(services) {
    for (auto table :
         {auth_routes(), profile_routes(), tag_routes(), group_routes(), member_routes(),
          direct_routes(), read_routes(), search_routes(), health_routes()})
        for (const auto& r : table) {
            std::vector<std::string> segments;
            for (auto part : split_path(r.pattern)) segments.emplace_back(part);
            if (!segments.empty() && std::find(api_prefixes_.begin(), api_prefixes_.end(),
                                               segments.front()) == api_prefixes_.end())
                api_prefixes_.push_back(segments.front());
            routes_.push_back({r, std::move(segments)});
        }
    api_prefixes_.push_back("ws");
    api_prefixes_.push_back("files");  // streamed by the connection itself (file_routes.hpp)
}

route_cost router::cost_of(const request& req) const {
    auto url = boost::urls::parse_origin_form(req.target());
    if (!url) return route_cost::store;
    const std::string decoded = url->path();
    const auto path = split_path(decoded);
    std::vector<std::string> params;
    for (const auto& e : routes_)
        if (e.r.method == req.method() && match(e.segments, path, params)) return e.r.cost;
    return route_cost::store;
}

std::vector<std::string> router::route_names() const {
    std::vector<std::string> out;
    for (const auto& e : routes_)
        out.push_back(std::string(http::to_string(e.r.method)) + " " + std::string(e.r.pattern));
    for (auto& name : file_route_names()) out.push_back(std::move(name));
    return out;
}

response router::handle(const request& req, std::string_view client_ip) const {
    auto url = boost::urls::parse_origin_form(req.target());
    if (!url)
        return error_response(req, {"invalid_target", "the request target is malformed", 400});
    const std::string decoded = url->path();
    const auto path = split_path(decoded);

    bool path_known = false;
    std::vector<std::string> params;
    for (const auto& e : routes_) {
        if (!match(e.segments, path, params)) continue;
        path_known = true;
        if (e.r.method != req.method()) continue;
        if (auto refused = refuse_unsafe(req, s_.config)) return error_response(req, *refused);
        const route_call call{req, std::move(params), client_ip};
        if (e.r.anyone) return e.r.anyone(s_, call);
        auto me = s_.auth.authenticate(request_token(req));
        if (me.has_error()) return error_response(req, me.error());
        return e.r.signed_in(s_, call, *me);
    }
    if (path_known)
        return error_response(req, {"method_not_allowed", "that method is not allowed here", 405});
    const bool api_path = !path.empty() && std::find(api_prefixes_.begin(), api_prefixes_.end(),
                                                     path.front()) != api_prefixes_.end();
    if (api_path || (req.method() != http::verb::get && req.method() != http::verb::head))
        return error_response(req, {"not_found", "no such route", 404});
    return serve_static(req, s_.config.web_root, decoded);
}

}  // namespace parley::api

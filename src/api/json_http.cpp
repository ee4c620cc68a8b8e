#include "api/json_http.hpp"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "strict_json.hpp"

namespace parley::api {
namespace json = boost::json;

response json_response(const request& req, http::status status, const json::value& body) {
    response res{status, req.version()};
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(req.keep_alive());
    res.body() = json::serialize(body);
    res.prepare_payload();
    return res;
}

response error_response(const request& req, const failure& f) {
    return json_response(req, static_cast<http::status>(f.http_status),
                         {{"error", {{"code", f.code}, {"message", f.message}}}});
}

outcome<json::object> json_body(const request& req) {
    auto v = parse_strict_json(req.body());
    if (!v && v.error() == json_refusal::duplicate_key)
        return failure{"invalid_body", "the request body names a key twice", 400};
    if (!v || !v->is_object())
        return failure{"invalid_body", "the request body must be a JSON object", 400};
    return std::move(v->get_object());
}

outcome<std::optional<std::string>> string_field(const json::object& o, std::string_view name,
                                                 bool required) {
    const json::value* v = o.if_contains(name);
    if (!v || v->is_null()) {
        if (required) return failure{"invalid_field", std::string(name) + " is required", 400};
        return std::optional<std::string>{};
    }
    if (!v->is_string())
        return failure{"invalid_field", std::string(name) + " must be a string", 400};
    return std::optional<std::string>(std::string(v->get_string()));
}

std::optional<std::string> query_param(const request& req, std::string_view name) {
    auto url = boost::urls::parse_origin_form(req.target());
    if (!url) return std::nullopt;
    auto params = url->params();
    auto it = params.find(name);
    if (it == params.end()) return std::nullopt;
    return std::string((*it).value);
}

std::optional<std::int64_t> positive_id(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::int64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    if (v <= 0) return std::nullopt;
    return v;
}

outcome<std::optional<std::int64_t>> int_param(const request& req, std::string_view name,
                                               std::int64_t min, std::int64_t max) {
    auto text = query_param(req, name);
    if (!text) return std::optional<std::int64_t>{};
    const auto v = *text == "0" ? std::optional<std::int64_t>(0) : positive_id(*text);
    if (!v || *v < min || *v > max)
        return failure{"invalid_field",
                       std::string(name) + " must be an integer from " + std::to_string(min) +
                           " to " + std::to_string(max),
                       400};
    return std::optional<std::int64_t>(*v);
}

namespace {

std::string cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto end = header.find(';');
        std::string_view pair = header.substr(0, end);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=')
            return std::string(pair.substr(name.size() + 1));
        if (end == std::string_view::npos) break;
        header.remove_prefix(end + 1);
    }
    return {};
}

}  // namespace

std::string request_cookie(const request& req, std::string_view name) {
    for (auto it = req.find(http::field::cookie);
         it != req.end() && it->name() == http::field::cookie; ++it)
        if (auto v = cookie_value(it->value(), name); !v.empty()) return v;
    return {};
}

std::string request_token(const request& req, token_sources from) {
    constexpr std::string_view bearer = "Bearer ";
    if (auto it = req.find(http::field::authorization); it != req.end()) {
        const std::string_view v = it->value();
        if (v.starts_with(bearer)) return std::string(v.substr(bearer.size()));
    }
    if (auto v = request_cookie(req, session_cookie); !v.empty()) return v;
    if (from != token_sources::also_query) return {};
    if (auto url = boost::urls::parse_origin_form(req.target())) {
        auto params = url->params();
        if (auto it = params.find("token"); it != params.end() && (*it).has_value)
            return std::string((*it).value);
    }
    return {};
}

}  // namespace parley::api

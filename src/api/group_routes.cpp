// GET /groups, POST /groups.
#include <boost/json.hpp>

#include "api/json_http.hpp"
#include "api/router.hpp"
#include "api/views.hpp"

namespace parley::api {
namespace json = boost::json;
namespace {

constexpr std::size_t group_name_max_chars = 64;

failure store_failure() { return {"unavailable", "the database is unavailable", 503}; }

std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

/// A group name: trimmed, 1–64 characters, no control characters.
outcome<std::string> group_name(const json::object& body) {
    auto name = string_field(body, "name", true);
    if (name.has_error()) return name.error();
    std::string_view n = **name;
    while (!n.empty() && std::isspace(static_cast<unsigned char>(n.front()))) n.remove_prefix(1);
    while (!n.empty() && std::isspace(static_cast<unsigned char>(n.back()))) n.remove_suffix(1);
    const bool control = std::any_of(n.begin(), n.end(),
                                     [](char c) { return static_cast<unsigned char>(c) < 0x20; });
    if (n.empty() || code_points(n) > group_name_max_chars || control)
        return failure{"invalid_field", "name must be 1-64 printable characters", 400};
    return std::string(n);
}

}  // namespace

void router::add_group_routes() {
    add(http::verb::get, "/groups", [this](const route_call& call) {
        auto me = caller(call.req);
        if (me.has_error()) return error_response(call.req, me.error());
        auto groups = db_.visible_groups(me->id);
        if (groups.has_error()) return error_response(call.req, store_failure());
        json::array out;
        for (const auto& g : *groups) out.push_back(group_json(g));
        return json_response(call.req, http::status::ok, {{"groups", std::move(out)}});
    });

    add(http::verb::post, "/groups", [this](const route_call& call) {
        auto me = caller(call.req);
        if (me.has_error()) return error_response(call.req, me.error());
        auto body = json_body(call.req);
        if (body.has_error()) return error_response(call.req, body.error());
        auto name = group_name(*body);
        if (name.has_error()) return error_response(call.req, name.error());
        bool is_private = false;
        if (const json::value* p = body->if_contains("private"); p && !p->is_null()) {
            if (!p->is_bool())
                return error_response(call.req, {"invalid_field", "private must be a boolean", 400});
            is_private = p->get_bool();
        }
        auto created = db_.create_group({std::move(*name), is_private, "group", me->id},
                                        auth::now_millis());
        if (created.has_error()) return error_response(call.req, store_failure());
        return json_response(call.req, http::status::created, group_json(*created));
    });
}

}  // namespace parley::api

// GET /search: messages of the caller's rooms that contain a text, newest first, with where.
#include <boost/json.hpp>

#include "api/json_http.hpp"
#include "api/room_access.hpp"
#include "api/router.hpp"
#include "api/views.hpp"
#include "chat/protocol.hpp"
#include "message_text.hpp"
#include "text.hpp"

namespace parley::api {
namespace json = boost::json;
namespace {

response search(const api_services& s, const route_call& call, const store::user& me) {
    const auto q = query_param(call.req, "q");
    const std::string_view query = q ? text::trimmed(*q) : std::string_view{};
    if (query.empty())
        return error_response(call.req,
                              {"invalid_field", "q (what to search for) is required", 400});
    if (text::code_points(query) > limits::search_query_max_chars)
        return error_response(
            call.req,
            {"invalid_field",
             "q must be at most " + std::to_string(limits::search_query_max_chars) + " characters",
             400});
    auto before = int_param(call.req, "before", 1, INT64_MAX);
    auto limit = int_param(call.req, "limit", 1, limits::search_page_max);
    for (auto* p : {&before, &limit})
        if (p->has_error()) return error_response(call.req, p->error());
    store::search_request request{me.id, std::string(query), 0, before->value_or(INT64_MAX),
                                  static_cast<int>(limit->value_or(limits::search_page_default))};
    if (const auto room_id = query_param(call.req, "roomId")) {
        // Only a room the caller is in; any other answers as one that does not exist.
        auto room = room_for(s, *room_id, me.id);
        if (room.has_error()) return error_response(call.req, room.error());
        if (!room->role)
            return error_response(call.req, {"room_not_found", "that room does not exist", 404});
        request.room_id = room->room.id;
    }
    auto found = s.log.search(request);
    if (!found) return error_response(call.req, store_failure());
    json::array results;
    results.reserve(found->hits.size());
    for (const auto& hit : found->hits) {
        auto m = chat::message_json(hit.msg, me.id);
        json::array matches;
        for (auto [start, end] : text::match_ranges(hit.msg.text, query, limits::search_marks_max))
            matches.push_back({start, end});
        m["matches"] = std::move(matches);
        m["roomName"] = hit.room_name;
        m["roomKind"] = name_of(hit.kind);
        results.push_back(std::move(m));
    }
    return json_response(call.req, http::status::ok,
                         {{"results", std::move(results)}, {"hasMore", found->has_more}});
}

constexpr route routes[] = {
    {http::verb::get, "/search", nullptr, search, route_cost::heavy_read},
};

}  // namespace

std::span<const route> search_routes() { return routes; }

}  // namespace parley::api

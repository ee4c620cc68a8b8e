// GET/POST /groups, GET/PATCH/DELETE /groups/:id, GET /groups/:id/messages.
#include <boost/json.hpp>

#include "api/json_http.hpp"
#include "api/room_access.hpp"
#include "api/router.hpp"
#include "api/validation.hpp"
#include "api/views.hpp"
#include "chat/protocol.hpp"
#include "text.hpp"

namespace parley::api {
namespace json = boost::json;
namespace {

using limits::history_page_default;
using limits::history_page_max;
using limits::initial_members_max;

/// The `name` of a POST or PATCH body, checked.
outcome<std::string> group_name_of(const json::object& body) {
    auto text = string_field(body, "name", true);
    if (text.has_error()) return text.error();
    return valid_group_name(**text);
}

/// The optional `members` list of POST /groups: usernames, at most 100.
outcome<std::vector<std::string>> initial_members(const json::object& body) {
    std::vector<std::string> names;
    const json::value* v = body.if_contains("members");
    if (!v || v->is_null()) return names;
    if (!v->is_array() || v->get_array().size() > initial_members_max)
        return failure{"invalid_field", "members must be a list of at most 100 usernames", 400};
    for (const auto& n : v->get_array()) {
        if (!n.is_string()) return failure{"invalid_field", "members must be usernames", 400};
        names.emplace_back(n.get_string());
    }
    return names;
}

response list_groups(const api_services& s, const route_call& call, const store::user& me) {
    const std::string filter(text::trimmed(query_param(call.req, "q").value_or("")));
    auto limit = int_param(call.req, "limit", 1, limits::group_page_max);
    if (limit.has_error()) return error_response(call.req, limit.error());
    auto after = int_param(call.req, "after", 0, INT64_MAX);
    if (after.has_error()) return error_response(call.req, after.error());
    const int page = static_cast<int>(limit->value_or(limits::group_page_default));
    // One more than the page, to know whether another follows.
    auto groups = s.rooms.room_summaries(me.id, filter, after->value_or(0), page + 1);
    if (!groups) return error_response(call.req, store_failure());
    const bool more = static_cast<int>(groups->size()) > page;
    if (more) groups->pop_back();
    json::array out;
    for (const auto& g : *groups) out.push_back(group_summary_json(g));
    json::value next = nullptr;
    if (more) next = groups->back().info.id;
    return json_response(call.req, http::status::ok,
                         {{"groups", std::move(out)}, {"nextAfter", std::move(next)}});
}

response create_group(const api_services& s, const route_call& call, const store::user& me) {
    if (auto wait = s.throttles.rooms_per_user.take(me.id); wait.count())
        return rate_limited_response(call.req, wait);
    auto body = json_body(call.req);
    if (body.has_error()) return error_response(call.req, body.error());
    auto name = group_name_of(*body);
    if (name.has_error()) return error_response(call.req, name.error());
    bool is_private = false;
    if (const json::value* p = body->if_contains("private"); p && !p->is_null()) {
        if (!p->is_bool())
            return error_response(call.req, {"invalid_field", "private must be a boolean", 400});
        is_private = p->get_bool();
    }
    auto names = initial_members(*body);
    if (names.has_error()) return error_response(call.req, names.error());
    std::vector<store::user> invited;
    for (const auto& n : *names) {
        auto u = s.accounts.find_user_by_name(n);
        if (!u && u.error() == store::errc::not_found)
            return error_response(call.req, {"user_not_found", "no user named " + n, 404});
        if (!u) return error_response(call.req, store_failure());
        invited.push_back(std::move(*u));
    }
    const auto now = auth::now_millis();
    auto created =
        s.rooms.create_room({std::move(*name), is_private, room_kind::group, me.id}, now);
    if (!created) return error_response(call.req, store_failure());
    for (const auto& u : invited)
        if (!s.rooms.add_member(created->id, u.id, member_role::member, now))
            return error_response(call.req, store_failure());
    // The creator's and the invited users' sockets, on every node, add it to their room lists.
    s.bus.publish_control({bus::control_event::kind::member_added, created->id, me.id});
    for (const auto& u : invited)
        s.bus.publish_control({bus::control_event::kind::member_added, created->id, u.id});
    return json_response(call.req, http::status::created, group_json(*created));
}

response get_group(const api_services& s, const route_call& call, const store::user& me) {
    auto room = room_for(s, call.params[0], me.id);
    if (room.has_error()) return error_response(call.req, room.error());
    auto members = s.rooms.members(room->room.id);
    if (!members) return error_response(call.req, store_failure());
    json::array list;
    for (const auto& m : *members)
        list.push_back({{"id", m.user_id},
                        {"username", m.username},
                        {"nickname", m.nickname ? json::value(*m.nickname) : nullptr},
                        {"avatar", m.avatar ? json::value(*m.avatar) : nullptr},
                        {"role", name_of(m.role)},
                        {"online", s.presence.online(m.user_id)}});
    json::object out = group_json(room->room);
    out["memberCount"] = list.size();
    out["joined"] = room->role.has_value();
    out["members"] = std::move(list);
    return json_response(call.req, http::status::ok, out);
}

/// PATCH /groups/:id {name?, topic?}: the owner renames the group or sets its topic.
response update_group(const api_services& s, const route_call& call, const store::user& me) {
    auto room = room_for_action(s, call.params[0], me.id, room_action::change_settings);
    if (room.has_error()) return error_response(call.req, room.error());
    auto body = json_body(call.req);
    if (body.has_error()) return error_response(call.req, body.error());
    const bool has_name = body->contains("name"), has_topic = body->contains("topic");
    if (!has_name && !has_topic)
        return error_response(call.req, {"invalid_field", "give a name, a topic or both", 400});
    std::optional<std::string> name, topic;
    if (has_name) {
        auto n = group_name_of(*body);
        if (n.has_error()) return error_response(call.req, n.error());
        name = std::move(*n);
    }
    if (has_topic) {
        auto text = string_field(*body, "topic", true);
        if (text.has_error()) return error_response(call.req, text.error());
        auto t = valid_topic(**text);
        if (t.has_error()) return error_response(call.req, t.error());
        topic = std::move(*t);
    }
    store::result<store::room> updated = room->room;
    if (name) updated = s.rooms.rename_room(room->room.id, *name);
    if (updated && topic) updated = s.rooms.set_topic(room->room.id, *topic);
    if (!updated) return error_response(call.req, store_failure());
    return json_response(call.req, http::status::ok, group_json(*updated));
}

response delete_group(const api_services& s, const route_call& call, const store::user& me) {
    auto room = room_for_action(s, call.params[0], me.id, room_action::delete_room);
    if (room.has_error()) return error_response(call.req, room.error());
    if (!s.rooms.delete_room(room->room.id)) return error_response(call.req, store_failure());
    // Every node empties the room of its connections.
    s.bus.publish_control({bus::control_event::kind::room_deleted, room->room.id});
    return json_response(call.req, http::status::ok, {{"deleted", room->room.id}});
}

response group_messages(const api_services& s, const route_call& call, const store::user& me) {
    auto room = room_for(s, call.params[0], me.id);
    if (room.has_error()) return error_response(call.req, room.error());
    if (!room->role)
        return error_response(call.req, {"not_member", "join the group to read its history", 403});
    auto before = int_param(call.req, "before", 1, INT64_MAX);
    auto before_seq = int_param(call.req, "beforeSeq", 1, INT64_MAX);
    auto after_seq = int_param(call.req, "afterSeq", 0, INT64_MAX);
    auto around_seq = int_param(call.req, "aroundSeq", 0, INT64_MAX);
    auto limit = int_param(call.req, "limit", 1, history_page_max);
    for (auto* p : {&before, &before_seq, &after_seq, &around_seq, &limit})
        if (p->has_error()) return error_response(call.req, p->error());
    if (before->has_value() + before_seq->has_value() + after_seq->has_value() +
            around_seq->has_value() >
        1)
        return error_response(
            call.req,
            {"invalid_field", "use one of before, beforeSeq, afterSeq and aroundSeq", 400});
    using from = store::page_request::from;
    const int n = static_cast<int>(limit->value_or(history_page_default));
    const auto range = *after_seq    ? store::page_request{from::after_seq, **after_seq, n}
                       : *before_seq ? store::page_request{from::before_seq, **before_seq, n}
                       : *around_seq
                           ? store::page_request{from::around_seq, **around_seq, n}
                           : store::page_request{from::before_id, before->value_or(INT64_MAX), n};
    auto page = s.log.read(room->room.id, range);
    if (!page) return error_response(call.req, store_failure());
    json::array out;
    for (const auto& m : page->messages) out.push_back(chat::message_json(m, me.id));
    json::object body{{"messages", std::move(out)}, {"hasMore", page->has_more}};
    if (*around_seq) body["hasNewer"] = page->has_newer;
    return json_response(call.req, http::status::ok, std::move(body));
}

constexpr route routes[] = {
    {http::verb::get, "/groups", nullptr, list_groups},
    {http::verb::post, "/groups", nullptr, create_group},
    {http::verb::get, "/groups/:id", nullptr, get_group},
    {http::verb::patch, "/groups/:id", nullptr, update_group},
    {http::verb::delete_, "/groups/:id", nullptr, delete_group},
    {http::verb::get, "/groups/:id/messages", nullptr, group_messages, route_cost::heavy_read},
};

}  // namespace

std::span<const route> group_routes() { return routes; }

}  // namespace parley::api

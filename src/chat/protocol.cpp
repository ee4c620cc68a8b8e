#include "chat/protocol.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>

#include "files/file_id.hpp"
#include "message_text.hpp"
#include "strict_json.hpp"
#include "text.hpp"

namespace parley::chat {
namespace json = boost::json;
namespace {

failure invalid(std::string detail) { return {"invalid_message", std::move(detail), 400}; }

/// roomId as a positive integer; a string of digits is accepted too (it comes from a URL).
outcome<id_t> room_id_of(const json::object& o) {
    const json::value* v = o.if_contains("roomId");
    if (!v) return invalid("roomId is required");
    if (v->is_int64() && v->get_int64() > 0) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= INT64_MAX && v->get_uint64() > 0)
        return static_cast<id_t>(v->get_uint64());
    if (v->is_string()) {
        const auto& s = v->get_string();
        if (!s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), ::isdigit)) {
            const id_t id = std::stoll(std::string(s));
            if (id > 0) return id;
        }
    }
    return invalid("roomId must be a positive integer");
}

/// A client may repeat its own name (the design sends it) but never claim another.
outcome<void> check_identity(const json::object& o, std::string_view username) {
    for (const char* field : {"username", "sender"}) {
        const json::value* v = o.if_contains(field);
        if (!v) continue;
        if (!v->is_string()) return invalid(std::string(field) + " must be a string");
        if (!text::iequals(v->get_string(), username))
            return failure{"forbidden", "you may only act as yourself", 403};
    }
    return {};
}

/// An optional integer field >= 0.
outcome<std::optional<std::int64_t>> seq_field(const json::object& o, std::string_view name) {
    const json::value* v = o.if_contains(name);
    if (!v || v->is_null()) return std::optional<std::int64_t>{};
    if (v->is_int64() && v->get_int64() >= 0) return std::optional<std::int64_t>(v->get_int64());
    return invalid(std::string(name) + " must be a non-negative integer");
}

/// clientMsgId: 1-64 printable ASCII characters, if present.
outcome<std::optional<std::string>> client_msg_id_of(const json::object& o) {
    const json::value* v = o.if_contains("clientMsgId");
    if (!v || v->is_null()) return std::optional<std::string>{};
    const bool ok = v->is_string() && !v->get_string().empty() && v->get_string().size() <= 64 &&
                    std::all_of(v->get_string().begin(), v->get_string().end(),
                                [](char c) { return c > 0x20 && c < 0x7F; });
    if (!ok) return invalid("clientMsgId must be 1-64 printable ASCII characters");
    return std::optional<std::string>(std::string(v->get_string()));
}

outcome<history_request> history_of(const json::object& o, id_t room) {
    auto after = seq_field(o, "afterSeq");
    auto before = seq_field(o, "beforeSeq");
    auto around = seq_field(o, "aroundSeq");
    auto limit = seq_field(o, "limit");
    for (auto* f : {&after, &before, &around, &limit})
        if (f->has_error()) return f->error();
    if (after->has_value() + before->has_value() + around->has_value() != 1)
        return invalid("history needs exactly one of afterSeq, beforeSeq and aroundSeq");
    const std::int64_t n = limit->value_or(history_page_max);
    if (n < 1 || n > history_page_max) return invalid("limit must be from 1 to 100");
    return history_request{room, *after, *before, static_cast<int>(n), *around};
}

/// A positive id field, required.
outcome<id_t> id_field(const json::object& o, std::string_view name) {
    const json::value* v = o.if_contains(name);
    if (!v) return invalid(std::string(name) + " is required");
    if (v->is_int64() && v->get_int64() > 0) return v->get_int64();
    return invalid(std::string(name) + " must be a positive integer");
}

/// `emoji`: exactly one emoji (see text::is_single_emoji).
outcome<std::string> emoji_of(const json::object& o) {
    const json::value* v = o.if_contains("emoji");
    if (!v || !v->is_string()) return invalid("emoji is required");
    const std::string_view e = v->get_string();
    if (e.size() > limits::emoji_max_bytes || !text::is_single_emoji(e))
        return invalid("emoji must be a single emoji");
    return std::string(e);
}

outcome<std::string> text_of(const json::object& o, const protocol_limits& limits) {
    const json::value* v = o.if_contains("text");
    if (!v) return invalid("text is required");
    if (!v->is_string()) return invalid("text must be a string");
    const std::string_view body = text::trimmed(v->get_string());
    if (body.empty()) return invalid("text must not be empty");
    if (text::code_points(body) > limits.max_text_chars)
        return invalid("text must be at most " + std::to_string(limits.max_text_chars) +
                       " characters");
    return std::string(body);
}

json::array members_json(const std::vector<member_view>& members) {
    json::array out;
    out.reserve(members.size());
    for (const auto& m : members)
        out.push_back({{"id", m.id}, {"user", m.user}, {"online", m.online}});
    return out;
}

outcome<client_request> read_ping(const json::object&, const protocol_limits&) {
    return ping_request{};
}

outcome<client_request> read_join(const json::object& o, const protocol_limits&) {
    auto room = room_id_of(o);
    if (room.has_error()) return room.error();
    auto since = seq_field(o, "since");
    if (since.has_error()) return since.error();
    return join_request{*room, *since};
}

outcome<client_request> read_read(const json::object& o, const protocol_limits&) {
    auto room = room_id_of(o);
    if (room.has_error()) return room.error();
    auto seq = seq_field(o, "seq");
    if (seq.has_error()) return seq.error();
    if (!seq->has_value()) return invalid("seq is required");
    return read_request{*room, **seq};
}

/// A request that names a room and nothing else.
template <class Request>
outcome<client_request> read_room_only(const json::object& o, const protocol_limits&) {
    auto room = room_id_of(o);
    if (room.has_error()) return room.error();
    return Request{*room};
}

outcome<client_request> read_history(const json::object& o, const protocol_limits&) {
    auto room = room_id_of(o);
    if (room.has_error()) return room.error();
    auto h = history_of(o, *room);
    if (h.has_error()) return h.error();
    return *h;
}

/// A message's `files`: one to limits::files_per_message_max distinct file ids; absent or null
/// for none.
outcome<std::vector<std::string>> files_of(const json::object& o) {
    std::vector<std::string> out;
    const json::value* v = o.if_contains("files");
    if (!v || v->is_null()) return out;
    if (!v->is_array()) return invalid("files must be an array of file ids");
    const auto& ids = v->get_array();
    if (ids.size() > limits::files_per_message_max)
        return invalid("a message carries at most " +
                       std::to_string(limits::files_per_message_max) + " files");
    for (const auto& id : ids) {
        if (!id.is_string() || !files::is_file_id(id.get_string()))
            return invalid("files must be ids of uploaded files");
        if (std::find(out.begin(), out.end(), id.get_string()) != out.end())
            return invalid("files names a file twice");
        out.emplace_back(id.get_string());
    }
    return out;
}

outcome<client_request> read_message(const json::object& o, const protocol_limits& limits) {
    auto room = room_id_of(o);
    if (room.has_error()) return room.error();
    auto id = client_msg_id_of(o);
    if (id.has_error()) return id.error();
    auto files = files_of(o);
    if (files.has_error()) return files.error();
    // With files the text is their caption, and may be left out.
    const json::value* caption = o.if_contains("text");
    const bool no_caption =
        !caption || (caption->is_string() && text::trimmed(caption->get_string()).empty());
    auto text =
        !files->empty() && no_caption ? outcome<std::string>(std::string()) : text_of(o, limits);
    if (text.has_error()) return text.error();
    std::optional<id_t> reply_to;
    if (const auto* r = o.if_contains("replyTo"); r && !r->is_null()) {
        auto target = id_field(o, "replyTo");
        if (target.has_error()) return target.error();
        reply_to = *target;
    }
    return send_request{*room, std::move(*text), std::move(*id), reply_to, std::move(*files)};
}

/// The fields every change carries: room, target message and clientMsgId.
outcome<change_request> change_of(const json::object& o, store::event_kind kind) {
    auto room = room_id_of(o);
    if (room.has_error()) return room.error();
    auto id = client_msg_id_of(o);
    if (id.has_error()) return id.error();
    auto target = id_field(o, "messageId");
    if (target.has_error()) return target.error();
    return change_request{kind, *room, *target, {}, false, std::move(*id)};
}

outcome<client_request> read_edit(const json::object& o, const protocol_limits& limits) {
    auto change = change_of(o, store::event_kind::edit);
    if (change.has_error()) return change.error();
    auto text = text_of(o, limits);
    if (text.has_error()) return text.error();
    change->text = std::move(*text);
    return std::move(*change);
}

outcome<client_request> read_delete(const json::object& o, const protocol_limits&) {
    auto change = change_of(o, store::event_kind::deletion);
    if (change.has_error()) return change.error();
    return std::move(*change);
}

outcome<client_request> read_react(const json::object& o, const protocol_limits&) {
    auto change = change_of(o, store::event_kind::reaction);
    if (change.has_error()) return change.error();
    auto emoji = emoji_of(o);
    if (emoji.has_error()) return emoji.error();
    const json::value* on = o.if_contains("on");
    if (on && !on->is_bool()) return invalid("on must be true or false");
    change->text = std::move(*emoji);
    change->on = !on || on->get_bool();
    return std::move(*change);
}

/// One request type of docs/protocol.schema.json: its `type`, the fields it may carry besides
/// `type`, `username` and `sender`, and its reader (which checks those fields' values).
struct request_type {
    std::string_view name;
    std::vector<std::string_view> fields;
    outcome<client_request> (*read)(const json::object&, const protocol_limits&);
};

/// Every request a client may send; anything else is unknown_type.
const std::vector<request_type>& request_types() {
    static const std::vector<request_type> types{
        {"ping", {}, read_ping},
        {"join", {"roomId", "since"}, read_join},
        {"leave", {"roomId"}, read_room_only<leave_request>},
        {"list", {"roomId"}, read_room_only<list_request>},
        {"typing", {"roomId"}, read_room_only<typing_request>},
        {"read", {"roomId", "seq"}, read_read},
        {"history", {"roomId", "afterSeq", "beforeSeq", "aroundSeq", "limit"}, read_history},
        {"message", {"roomId", "text", "clientMsgId", "replyTo", "files"}, read_message},
        {"edit", {"roomId", "messageId", "text", "clientMsgId"}, read_edit},
        {"delete", {"roomId", "messageId", "clientMsgId"}, read_delete},
        {"react", {"roomId", "messageId", "emoji", "on", "clientMsgId"}, read_react},
    };
    return types;
}

/// invalid_message naming the first field `type` does not know.
outcome<void> check_fields(const json::object& o, const request_type& type) {
    for (const auto& [key, value] : o) {
        if (key == "type" || key == "username" || key == "sender") continue;
        if (std::find(type.fields.begin(), type.fields.end(), key) == type.fields.end())
            return invalid("unknown field '" + std::string(key) + "' in " + std::string(type.name));
    }
    return {};
}

/// The request a JSON object is, checked against its type's entry in request_types().
outcome<client_request> request_of(const json::object& o, std::string_view username,
                                   const protocol_limits& limits) {
    const json::value* type = o.if_contains("type");
    if (!type || !type->is_string()) return invalid("type is required");
    const std::string_view t = type->get_string();
    const auto& types = request_types();
    const auto known =
        std::find_if(types.begin(), types.end(), [&](const auto& r) { return r.name == t; });
    if (known == types.end())
        return failure{"unknown_type", "unknown message type '" + std::string(t) + "'", 400};
    if (auto r = check_identity(o, username); r.has_error()) return r.error();
    if (auto r = check_fields(o, *known); r.has_error()) return r.error();
    return known->read(o, limits);
}

}  // namespace

boost::system::result<client_request, refused_request> parse_request(
    std::string_view frame, std::string_view username, const protocol_limits& limits) {
    auto v = parse_strict_json(frame);  // also rejects invalid UTF-8
    if (!v && v.error() == json_refusal::duplicate_key)
        return refused_request{invalid("the message names a key twice")};
    if (!v) return refused_request{invalid("the message is not valid JSON")};
    if (!v->is_object()) return refused_request{invalid("the message must be a JSON object")};
    const auto& o = v->get_object();
    auto read = request_of(o, username, limits);
    if (read) return std::move(*read);
    refused_request refused{std::move(read.error())};
    if (auto room = room_id_of(o)) refused.room_id = *room;
    if (auto id = client_msg_id_of(o)) refused.client_msg_id = std::move(*id);
    return refused;
}

std::vector<std::string_view> request_type_names() {
    std::vector<std::string_view> out;
    for (const auto& r : request_types()) out.push_back(r.name);
    return out;
}

json::object message_json(const store::message& m, id_t viewer) {
    if (m.kind != store::event_kind::message) return change_json(m);
    json::object out{{"id", m.id},         {"roomId", m.room_id},   {"seq", m.seq},
                     {"sender", m.sender}, {"senderId", m.user_id}, {"text", m.text},
                     {"ts", m.created_at}};
    if (m.client_msg_id) out["clientMsgId"] = *m.client_msg_id;
    if (m.edited_at) out["editedAt"] = *m.edited_at;
    if (m.deleted) out["deleted"] = true;
    if (m.reply)
        out["replyTo"] = {{"id", m.reply->id},
                          {"sender", m.reply->sender},
                          {"text", m.reply->text},
                          {"deleted", m.reply->deleted}};
    if (!m.files.empty()) out["files"] = files_json(m.files);
    if (!m.reactions.empty()) {
        json::array reactions;
        for (const auto& r : m.reactions) {
            json::array users;
            for (std::size_t i = 0; i < r.users.size() && i < limits::reaction_users_listed; ++i)
                users.push_back(r.users[i]);
            json::object one{{"emoji", r.emoji},
                             {"count", static_cast<std::int64_t>(r.users.size())},
                             {"users", std::move(users)}};
            if (viewer != 0)
                one["me"] = std::find(r.users.begin(), r.users.end(), viewer) != r.users.end();
            reactions.push_back(std::move(one));
        }
        out["reactions"] = std::move(reactions);
    }
    return out;
}

json::array files_json(const std::vector<store::file_summary>& files) {
    json::array out;
    for (const auto& f : files) {
        json::object one{{"id", f.id},
                         {"name", f.name},
                         {"size", f.size},
                         {"contentType", f.content_type},
                         {"url", "/files/" + f.id}};
        if (f.width && f.height) {
            one["width"] = *f.width;
            one["height"] = *f.height;
        }
        if (f.has_thumbnail) one["thumbnailUrl"] = "/files/" + f.id + "/thumbnail";
        out.push_back(std::move(one));
    }
    return out;
}

json::object change_json(const store::message& m) {
    json::object out{{"roomId", m.room_id}, {"messageId", m.target_id}, {"seq", m.seq}};
    switch (m.kind) {
        case store::event_kind::edit:
            out["type"] = "message_edited";
            out["text"] = m.text;
            out["editedAt"] = m.edited_at.value_or(m.created_at);
            break;
        case store::event_kind::deletion:
            out["type"] = "message_deleted";
            break;
        case store::event_kind::reaction:
            out["type"] = "reaction";
            out["emoji"] = m.text;
            out["user"] = m.sender;
            out["userId"] = m.user_id;
            out["on"] = m.reaction_on;
            out["count"] = m.reaction_count;
            break;
        case store::event_kind::message:
            break;
    }
    out["ts"] = m.created_at;
    return out;
}

namespace {
json::array messages_json(const std::vector<store::message>& messages, id_t viewer) {
    json::array out;
    out.reserve(messages.size());
    for (const auto& m : messages) out.push_back(message_json(m, viewer));
    return out;
}
}  // namespace

frame make_frame(const json::value& v) {
    return std::make_shared<const std::string>(json::serialize(v));
}

frame joined_event(id_t room_id, const std::vector<member_view>& members,
                   const std::vector<store::message>& history, bool has_more, std::int64_t last_seq,
                   id_t viewer) {
    return make_frame({{"type", "joined"},
                       {"roomId", room_id},
                       {"members", members_json(members)},
                       {"history", messages_json(history, viewer)},
                       {"hasMore", has_more},
                       {"lastSeq", last_seq}});
}

frame history_event(id_t room_id, const store::page& page, id_t viewer, bool around) {
    json::object out{{"type", "history"},
                     {"roomId", room_id},
                     {"messages", messages_json(page.messages, viewer)},
                     {"hasMore", page.has_more}};
    if (around) out["hasNewer"] = page.has_newer;
    return make_frame(out);
}

frame ack_event(const store::message& m) {
    json::object out{{"type", "ack"},
                     {"roomId", m.room_id},
                     {"clientMsgId", m.client_msg_id ? json::value(*m.client_msg_id) : nullptr}};
    if (m.kind != store::event_kind::message) out["messageId"] = m.target_id;
    if (m.seq == 0) {
        out["unchanged"] = true;
        return make_frame(out);
    }
    out["id"] = m.id;
    out["seq"] = m.seq;
    out["ts"] = m.created_at;
    return make_frame(out);
}

frame typing_event(id_t room_id, std::string_view user, id_t user_id) {
    return make_frame(
        {{"type", "typing"}, {"roomId", room_id}, {"user", user}, {"userId", user_id}});
}

frame event_frame(const store::message& m) {
    if (m.kind == store::event_kind::message) return message_event(m);
    return make_frame(change_json(m));
}

frame member_joined_event(id_t room_id, std::string_view user, id_t user_id,
                          std::string_view client_id) {
    return make_frame({{"type", "member_joined"},
                       {"roomId", room_id},
                       {"user", user},
                       {"userId", user_id},
                       {"clientId", client_id}});
}

frame member_left_event(id_t room_id, std::string_view user, id_t user_id) {
    return make_frame(
        {{"type", "member_left"}, {"roomId", room_id}, {"user", user}, {"userId", user_id}});
}

frame message_event(const store::message& m) {
    return make_frame({{"type", "message"}, {"roomId", m.room_id}, {"message", message_json(m)}});
}

frame read_event(id_t room_id, std::int64_t seq) {
    return make_frame({{"type", "read"}, {"roomId", room_id}, {"seq", seq}});
}

std::shared_ptr<const bus::watcher_frames> room_activity_events(const store::message& m) {
    if (m.kind != store::event_kind::message) return nullptr;
    json::object out{{"type", "room_activity"},
                     {"roomId", m.room_id},
                     {"seq", m.seq},
                     {"sender", m.sender},
                     {"senderId", m.user_id},
                     {"preview", text::first_code_points(m.text, limits::activity_preview_chars)},
                     {"ts", m.created_at}};
    auto frames = std::make_shared<bus::watcher_frames>();
    frames->plain = make_frame(out);
    frames->mentioned = text::mentioned_names(m.text, limits::mentions_per_message_max);
    if (!frames->mentioned.empty()) {
        out["mention"] = true;
        frames->mention = make_frame(out);
    }
    return frames;
}

bus::room_event room_event_of(const store::message& m) {
    return {event_frame(m), room_activity_events(m)};
}

frame room_added_event(id_t room_id) {
    return make_frame({{"type", "room_added"}, {"roomId", room_id}});
}

frame room_removed_event(id_t room_id, std::string_view reason) {
    return make_frame({{"type", "room_removed"}, {"roomId", room_id}, {"reason", reason}});
}

frame pong_event() {
    static const frame pong = make_frame({{"type", "pong"}});
    return pong;
}

frame list_event(id_t room_id, const std::vector<member_view>& members) {
    return make_frame({{"type", "list"}, {"roomId", room_id}, {"members", members_json(members)}});
}

frame removed_event(id_t room_id, std::string_view reason) {
    return make_frame({{"type", "removed"}, {"roomId", room_id}, {"reason", reason}});
}

namespace {
/// The fields every `error` has: code, message, and what the refused request named.
json::object error_object(std::string_view code, std::string_view message, id_t room_id,
                          const std::optional<std::string>& client_msg_id) {
    json::object e{{"type", "error"}, {"code", code}, {"message", message}};
    if (room_id != 0) e["roomId"] = room_id;
    if (client_msg_id) e["clientMsgId"] = *client_msg_id;
    return e;
}
}  // namespace

frame error_event(const failure& f, id_t room_id, const std::optional<std::string>& client_msg_id) {
    return make_frame(error_object(f.code, f.message, room_id, client_msg_id));
}

frame rate_limited_event(std::chrono::milliseconds retry_after, id_t room_id,
                         const std::optional<std::string>& client_msg_id) {
    auto e = error_object("rate_limited", "too many requests; slow down", room_id, client_msg_id);
    e["retryAfterMs"] = retry_after.count();
    return make_frame(e);
}

std::vector<member_view> member_views(const std::vector<store::member>& members,
                                      const std::unordered_set<id_t>& online) {
    std::vector<member_view> out;
    out.reserve(members.size());
    for (const auto& m : members)
        out.push_back({m.user_id, m.username, online.contains(m.user_id)});
    return out;
}

}  // namespace parley::chat

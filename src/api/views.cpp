#include "api/views.hpp"

#include "chat/protocol.hpp"

namespace parley::api {
namespace json = boost::json;

namespace {
json::value optional_json(const std::optional<std::string>& s) {
    return s ? json::value(*s) : json::value(nullptr);
}
}  // namespace

json::object user_json(const store::user& u) {
    return {{"id", u.id},
            {"username", u.username},
            {"nickname", optional_json(u.nickname)},
            {"email", optional_json(u.email)},
            {"avatar", optional_json(u.avatar)},
            {"createdAt", u.created_at}};
}

json::object public_user_json(const store::user& u, bool online) {
    return {{"id", u.id},
            {"username", u.username},
            {"nickname", optional_json(u.nickname)},
            {"avatar", optional_json(u.avatar)},
            {"online", online}};
}

json::object group_json(const store::room& g) {
    return {{"id", g.id},
            {"name", g.name},
            {"private", g.is_private},
            {"kind", name_of(g.kind)},
            {"createdBy", g.created_by},
            {"createdAt", g.created_at},
            {"topic", g.topic}};
}

json::object group_summary_json(const store::room_summary& g) {
    json::object out = group_json(g.info);
    out["memberCount"] = g.member_count;
    out["joined"] = g.joined;
    out["lastMessageAt"] =
        g.last_message_at ? json::value(*g.last_message_at) : json::value(nullptr);
    return out;
}

json::object direct_json(const store::direct_summary& d, bool other_online) {
    json::object out = group_json(d.room);
    out["other"] = public_user_json(d.other, other_online);
    out["lastMessage"] =
        d.last_message ? json::value(chat::message_json(*d.last_message)) : json::value(nullptr);
    return out;
}

json::object my_room_json(const store::my_room& r, bool other_online) {
    json::object out = group_json(r.room);
    out["lastSeq"] = r.room.last_seq;
    out["lastReadSeq"] = r.last_read_seq;
    out["unread"] = r.unread;
    out["mentions"] = r.mentions;
    out["lastMessage"] =
        r.last_message ? json::value(chat::message_json(*r.last_message)) : json::value(nullptr);
    if (r.other) out["other"] = public_user_json(*r.other, other_online);
    return out;
}

}  // namespace parley::api

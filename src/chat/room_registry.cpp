#include "chat/room_registry.hpp"

#include <algorithm>

namespace parley::chat {

room_registry::join_result room_registry::join(id_t room_id, const std::shared_ptr<connection>& c,
                                               std::int64_t min_seq) {
    auto& conns = rooms_[room_id][c->user_id()];
    if (std::any_of(conns.begin(), conns.end(), [&](const auto& e) { return e.conn == c; }))
        return {false, false};
    conns.push_back({c, min_seq});
    rooms_of_[c.get()].push_back(room_id);
    return {true, conns.size() == 1};
}

room_registry::leave_result room_registry::leave(id_t room_id, const connection& c) {
    auto r = rooms_.find(room_id);
    if (r == rooms_.end()) return {false, false};
    auto u = r->second.find(c.user_id());
    if (u == r->second.end()) return {false, false};
    auto& conns = u->second;
    auto it =
        std::find_if(conns.begin(), conns.end(), [&](const auto& e) { return e.conn.get() == &c; });
    if (it == conns.end()) return {false, false};
    conns.erase(it);
    const bool last = conns.empty();
    if (last) r->second.erase(u);
    if (r->second.empty()) rooms_.erase(r);

    auto& mine = rooms_of_[&c];
    std::erase(mine, room_id);
    if (mine.empty()) rooms_of_.erase(&c);
    return {true, last};
}

std::vector<std::shared_ptr<connection>> room_registry::remove_user(id_t room_id, id_t user) {
    std::vector<std::shared_ptr<connection>> removed;
    auto r = rooms_.find(room_id);
    if (r == rooms_.end()) return removed;
    if (auto u = r->second.find(user); u != r->second.end())
        for (const auto& e : u->second) removed.push_back(e.conn);
    for (const auto& c : removed) leave(room_id, *c);
    return removed;
}

std::vector<std::shared_ptr<connection>> room_registry::remove_room(id_t room_id) {
    auto removed = connections(room_id);
    for (const auto& c : removed) leave(room_id, *c);
    return removed;
}

bool room_registry::contains(id_t room_id, const connection& c) const {
    auto it = rooms_of_.find(&c);
    return it != rooms_of_.end() &&
           std::find(it->second.begin(), it->second.end(), room_id) != it->second.end();
}

std::vector<id_t> room_registry::rooms_of(const connection& c) const {
    auto it = rooms_of_.find(&c);
    return it == rooms_of_.end() ? std::vector<id_t>{} : it->second;
}

std::size_t room_registry::broadcast(id_t room_id, const frame& f, const connection* except) const {
    auto r = rooms_.find(room_id);
    if (r == rooms_.end()) return 0;
    std::size_t sent = 0;
    for (const auto& [_, conns] : r->second)
        for (const auto& e : conns)
            if (e.conn.get() != except) {
                e.conn->send(f);
                ++sent;
            }
    return sent;
}

std::size_t room_registry::deliver(id_t room_id, std::int64_t seq, const frame& f) const {
    auto r = rooms_.find(room_id);
    if (r == rooms_.end()) return 0;
    std::size_t sent = 0;
    for (const auto& [_, conns] : r->second)
        for (const auto& e : conns)
            if (seq > e.min_seq) {
                e.conn->send(f);
                ++sent;
            }
    return sent;
}

std::vector<std::shared_ptr<connection>> room_registry::connections(id_t room_id) const {
    std::vector<std::shared_ptr<connection>> out;
    if (auto r = rooms_.find(room_id); r != rooms_.end())
        for (const auto& [_, conns] : r->second)
            for (const auto& e : conns) out.push_back(e.conn);
    return out;
}

}  // namespace parley::chat

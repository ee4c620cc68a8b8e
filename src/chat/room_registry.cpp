#include "chat/room_registry.hpp"

#include <algorithm>

namespace parley::chat {

room_registry::join_result room_registry::join(id_t room_id, const std::shared_ptr<connection>& c) {
    auto& conns = rooms_[room_id][c->user_id()];
    if (std::any_of(conns.begin(), conns.end(), [&](const auto& p) { return p.get() == c.get(); }))
        return {false, false};
    conns.push_back(c);
    rooms_of_[c.get()].push_back(room_id);
    return {true, conns.size() == 1};
}

room_registry::leave_result room_registry::leave(id_t room_id, const connection& c) {
    auto r = rooms_.find(room_id);
    if (r == rooms_.end()) return {false, false};
    auto u = r->second.find(c.user_id());
    if (u == r->second.end()) return {false, false};
    auto& conns = u->second;
    auto it = std::find_if(conns.begin(), conns.end(), [&](const auto& p) { return p.get() == &c; });
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

std::vector<id_t> room_registry::leave_all(const connection& c) {
    std::vector<id_t> emptied;
    auto it = rooms_of_.find(&c);
    if (it == rooms_of_.end()) return emptied;
    const std::vector<id_t> rooms = it->second;  // leave() edits the index
    for (id_t room_id : rooms)
        if (leave(room_id, c).last_for_user) emptied.push_back(room_id);
    return emptied;
}

std::vector<std::shared_ptr<connection>> room_registry::remove_user(id_t room_id, id_t user) {
    std::vector<std::shared_ptr<connection>> removed;
    auto r = rooms_.find(room_id);
    if (r == rooms_.end()) return removed;
    if (auto u = r->second.find(user); u != r->second.end()) removed = u->second;
    for (const auto& c : removed) leave(room_id, *c);
    return removed;
}

std::vector<std::shared_ptr<connection>> room_registry::remove_room(id_t room_id) {
    std::vector<std::shared_ptr<connection>> removed;
    auto r = rooms_.find(room_id);
    if (r == rooms_.end()) return removed;
    for (const auto& [_, conns] : r->second) removed.insert(removed.end(), conns.begin(), conns.end());
    for (const auto& c : removed) leave(room_id, *c);
    return removed;
}

bool room_registry::contains(id_t room_id, const connection& c) const {
    auto it = rooms_of_.find(&c);
    return it != rooms_of_.end() &&
           std::find(it->second.begin(), it->second.end(), room_id) != it->second.end();
}

std::unordered_set<id_t> room_registry::online_users(id_t room_id) const {
    std::unordered_set<id_t> out;
    if (auto r = rooms_.find(room_id); r != rooms_.end())
        for (const auto& [user, _] : r->second) out.insert(user);
    return out;
}

std::size_t room_registry::broadcast(id_t room_id, const frame& f, const connection* except) const {
    auto r = rooms_.find(room_id);
    if (r == rooms_.end()) return 0;
    std::size_t sent = 0;
    for (const auto& [_, conns] : r->second)
        for (const auto& c : conns)
            if (c.get() != except) {
                c->send(f);
                ++sent;
            }
    return sent;
}

}  // namespace parley::chat

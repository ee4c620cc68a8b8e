#include "chat/room_registry.hpp"

#include <algorithm>

namespace parley::chat {

room_registry::join_result room_registry::join(id_t room_id, const std::shared_ptr<connection>& c,
                                               std::int64_t min_seq) {
    auto& r = rooms_[room_id];
    auto& conns = r.users[c->user_id()];
    if (std::any_of(conns.begin(), conns.end(), [&](const auto& e) { return e.conn == c; }))
        return {false, false};
    conns.push_back({c, min_seq});
    r.stale = true;
    rooms_of_[c.get()].push_back(room_id);
    return {true, conns.size() == 1};
}

room_registry::leave_result room_registry::leave(id_t room_id, const connection& c) {
    auto r = rooms_.find(room_id);
    if (r == rooms_.end()) return {false, false};
    auto& users = r->second.users;
    auto u = users.find(c.user_id());
    if (u == users.end()) return {false, false};
    auto& conns = u->second;
    auto it =
        std::find_if(conns.begin(), conns.end(), [&](const auto& e) { return e.conn.get() == &c; });
    if (it == conns.end()) return {false, false};
    conns.erase(it);
    r->second.stale = true;
    const bool last = conns.empty();
    if (last) users.erase(u);
    if (users.empty()) rooms_.erase(r);

    auto& mine = rooms_of_[&c];
    std::erase(mine, room_id);
    if (mine.empty()) rooms_of_.erase(&c);
    return {true, last};
}

std::vector<std::shared_ptr<connection>> room_registry::remove_user(id_t room_id, id_t user) {
    std::vector<std::shared_ptr<connection>> removed;
    auto r = rooms_.find(room_id);
    if (r == rooms_.end()) return removed;
    if (auto u = r->second.users.find(user); u != r->second.users.end())
        for (const auto& e : u->second) removed.push_back(e.conn);
    for (const auto& c : removed) leave(room_id, *c);
    return removed;
}

std::vector<std::shared_ptr<connection>> room_registry::remove_room(id_t room_id) {
    std::vector<std::shared_ptr<connection>> removed;
    if (auto r = rooms_.find(room_id); r != rooms_.end())
        for (const auto& [_, conns] : r->second.users)
            for (const auto& e : conns) removed.push_back(e.conn);
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

const std::vector<home_batch>& room_registry::by_home(id_t room_id) {
    static const std::vector<home_batch> none;
    auto r = rooms_.find(room_id);
    if (r == rooms_.end()) return none;
    if (r->second.stale) {
        recipient_list all;
        for (const auto& [_, conns] : r->second.users)
            all.insert(all.end(), conns.begin(), conns.end());
        r->second.batches = group_by_home(all);
        r->second.stale = false;
    }
    return r->second.batches;
}

std::size_t room_registry::deliver(id_t room_id, std::int64_t seq, const frame& f) {
    std::size_t sent = 0;
    for (const auto& batch : by_home(room_id)) sent += deliver_to(*batch.recipients, seq, f);
    return sent;
}

}  // namespace parley::chat

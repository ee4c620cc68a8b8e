#include "chat/room_watchers.hpp"

#include <algorithm>

namespace parley::chat {
namespace {

std::shared_ptr<connection> take_from(std::vector<std::shared_ptr<connection>>& list,
                                      const connection& c) {
    auto it = std::find_if(list.begin(), list.end(), [&](const auto& p) { return p.get() == &c; });
    if (it == list.end()) return nullptr;
    auto out = std::move(*it);
    *it = std::move(list.back());
    list.pop_back();
    return out;
}

}  // namespace

std::shared_ptr<connection> room_watchers::take(room_entry& e, const connection& c) {
    if (auto p = take_from(e.idle, c)) {
        e.stale = true;
        return p;
    }
    return take_from(e.joined, c);
}

bool room_watchers::watch(id_t room, const std::shared_ptr<connection>& c, bool joined) {
    auto& rooms = rooms_of_[c.get()];
    if (std::find(rooms.begin(), rooms.end(), room) != rooms.end()) return false;
    rooms.push_back(room);
    auto& e = rooms_[room];
    (joined ? e.joined : e.idle).push_back(c);
    if (!joined) e.stale = true;
    return true;
}

void room_watchers::set_joined(id_t room, const connection& c, bool joined) {
    auto it = rooms_.find(room);
    if (it == rooms_.end()) return;
    auto& e = it->second;
    auto p = take_from(joined ? e.idle : e.joined, c);
    if (!p) return;
    (joined ? e.joined : e.idle).push_back(std::move(p));
    e.stale = true;
}

void room_watchers::forget(id_t room, const connection& c) {
    auto it = rooms_of_.find(&c);
    if (it == rooms_of_.end()) return;
    std::erase(it->second, room);
    if (it->second.empty()) rooms_of_.erase(it);
}

std::vector<std::shared_ptr<connection>> room_watchers::remove_user(id_t room, id_t user) {
    std::vector<std::shared_ptr<connection>> out;
    auto it = rooms_.find(room);
    if (it == rooms_.end()) return out;
    for (auto* list : {&it->second.idle, &it->second.joined})
        std::erase_if(*list, [&](const std::shared_ptr<connection>& c) {
            if (c->user_id() != user) return false;
            out.push_back(c);
            return true;
        });
    for (const auto& c : out) forget(room, *c);
    it->second.stale = true;
    if (it->second.idle.empty() && it->second.joined.empty()) rooms_.erase(it);
    return out;
}

std::vector<std::shared_ptr<connection>> room_watchers::remove_room(id_t room) {
    auto it = rooms_.find(room);
    if (it == rooms_.end()) return {};
    auto out = std::move(it->second.idle);
    out.insert(out.end(), it->second.joined.begin(), it->second.joined.end());
    rooms_.erase(it);
    for (const auto& c : out) forget(room, *c);
    return out;
}

std::vector<id_t> room_watchers::remove_connection(const connection& c) {
    auto it = rooms_of_.find(&c);
    if (it == rooms_of_.end()) return {};
    auto rooms = std::move(it->second);
    rooms_of_.erase(it);
    for (id_t room : rooms) {
        auto r = rooms_.find(room);
        if (r == rooms_.end()) continue;
        take(r->second, c);
        if (r->second.idle.empty() && r->second.joined.empty()) rooms_.erase(r);
    }
    return rooms;
}

const std::vector<std::shared_ptr<connection>>& room_watchers::idle(id_t room) const {
    static const std::vector<std::shared_ptr<connection>> none;
    auto it = rooms_.find(room);
    return it == rooms_.end() ? none : it->second.idle;
}

const std::vector<home_batch>& room_watchers::idle_by_home(id_t room) {
    static const std::vector<home_batch> none;
    auto it = rooms_.find(room);
    if (it == rooms_.end()) return none;
    auto& e = it->second;
    if (e.stale) {
        recipient_list all;
        all.reserve(e.idle.size());
        for (const auto& c : e.idle) all.push_back({c, 0});
        e.idle_batches = group_by_home(all);
        e.stale = false;
    }
    return e.idle_batches;
}

}  // namespace parley::chat

#include "bus/shared_presence.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/json.hpp>

namespace parley::bus {
namespace {

namespace json = boost::json;

// Peer messages, JSON objects told apart by "op":
//   {"op":"hello"}                          I (re)connected: everyone, announce your state
//   {"op":"state","online":[user...],"rooms":[[room,user,"name"]...]}   all I have
//   {"op":"online"|"offline","user":U}      a user's first / last connection here
//   {"op":"enter","room":R,"user":U,"name":"...","client":"..."}   first connection in a room
//   {"op":"leave","room":R,"user":U}        last connection in a room

std::string user_message(const char* op, id_t user) {
    return json::serialize(json::object{{"op", op}, {"user", user}});
}

std::optional<id_t> id_field(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_int64()) return std::nullopt;
    return v->as_int64();
}

std::string string_field(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

shared_presence::shared_presence(bus& b, boost::asio::any_io_executor timer_executor,
                                 presence_timing timing)
    : bus_(b), executor_(timer_executor), timer_(timer_executor), timing_(timing) {}

void shared_presence::start() {
    bus_.attach_peers(this);
    arm();
}

void shared_presence::stop() {
    timer_.cancel();
    bus_.attach_peers(nullptr);
    alive_.reset();  // work already queued for the timer's thread finds it gone
}

void shared_presence::post_announce(bool hello) {
    boost::asio::post(executor_, [this, alive = std::weak_ptr(alive_), hello] {
        if (alive.lock()) announce(hello);
    });
}

void shared_presence::attach(presence_listener* l) {
    std::lock_guard lock(mutex_);
    listener_ = l;
}

// --- this node's changes ----------------------------------------------------------------------

template <class MakeMessage>
void shared_presence::publish_change(MakeMessage&& make) {
    // Made under mutex_ and published under publish_mutex_: two changes of one user (first and
    // last connection, on two network threads) reach the other nodes in the order they happened.
    // With no other node known, no message is made: one that appears says hello, and the state
    // this node answers with holds the change.
    std::lock_guard order(publish_mutex_);
    std::string message;
    {
        std::lock_guard lock(mutex_);
        message = make(!peers_.empty());
    }
    if (!message.empty()) bus_.publish_to_peers(std::move(message));
}

void shared_presence::connected(id_t user) {
    publish_change([&](bool tell) {
        return ++connections_[user] == 1 && tell ? user_message("online", user) : std::string();
    });
}

void shared_presence::disconnected(id_t user) {
    publish_change([&](bool tell) {
        auto it = connections_.find(user);
        if (it == connections_.end() || --it->second > 0) return std::string();
        connections_.erase(it);
        return tell ? user_message("offline", user) : std::string();
    });
}

bool shared_presence::entered(id_t room, const present_user& user) {
    bool changed = false;
    publish_change([&](bool tell) {
        changed = !present_in(room, user.id);
        auto& entry = local_rooms_[room][user.id];
        if (entry.connections++ > 0) return std::string();
        entry.name = user.name;
        if (!tell) return std::string();
        return json::serialize(json::object{{"op", "enter"},
                                            {"room", room},
                                            {"user", user.id},
                                            {"name", user.name},
                                            {"client", user.client_id}});
    });
    return changed;
}

bool shared_presence::left(id_t room, id_t user) {
    bool changed = false;
    publish_change([&](bool tell) {
        auto r = local_rooms_.find(room);
        if (r == local_rooms_.end()) return std::string();
        auto u = r->second.find(user);
        if (u == r->second.end() || --u->second.connections > 0) return std::string();
        r->second.erase(u);
        if (r->second.empty()) local_rooms_.erase(r);
        changed = !present_in(room, user);
        if (!tell) return std::string();
        return json::serialize(json::object{{"op", "leave"}, {"room", room}, {"user", user}});
    });
    return changed;
}

// --- reading ----------------------------------------------------------------------------------

bool shared_presence::present_in(id_t room, id_t user) const {
    if (auto r = local_rooms_.find(room); r != local_rooms_.end() && r->second.contains(user))
        return true;
    for (const auto& [_, p] : peers_)
        if (auto r = p.rooms.find(room); r != p.rooms.end() && r->second.contains(user))
            return true;
    return false;
}

bool shared_presence::online(id_t user) const {
    std::lock_guard lock(mutex_);
    if (connections_.contains(user)) return true;
    for (const auto& [_, p] : peers_)
        if (p.online.contains(user)) return true;
    return false;
}

std::unordered_set<id_t> shared_presence::online_in(id_t room) const {
    std::lock_guard lock(mutex_);
    std::unordered_set<id_t> out;
    if (auto r = local_rooms_.find(room); r != local_rooms_.end())
        for (const auto& [user, _] : r->second) out.insert(user);
    for (const auto& [_, p] : peers_)
        if (auto r = p.rooms.find(room); r != p.rooms.end())
            for (const auto& [user, _] : r->second) out.insert(user);
    return out;
}

// --- the other nodes --------------------------------------------------------------------------

void shared_presence::on_peer_message(std::string_view node, std::string_view payload) {
    boost::system::error_code ec;
    auto v = json::parse(payload, ec);
    if (ec || !v.is_object()) return;
    const auto& o = v.as_object();
    const auto op = string_field(o, "op");
    const auto room = id_field(o, "room").value_or(0);
    const auto user = id_field(o, "user").value_or(0);
    std::vector<change> changes;
    {
        std::lock_guard lock(mutex_);
        auto [it, added] = peers_.try_emplace(std::string(node));
        if (added) spdlog::info("presence: node {} is here", node);
        peer& p = it->second;
        p.heard = clock::now();
        if (op == "hello") {
            // Answered from the timer's thread: publishing from here could deadlock a bus
            // that delivers on the publisher's thread.
            post_announce(false);
        } else if (op == "online") {
            p.online.insert(user);
        } else if (op == "offline") {
            p.online.erase(user);
        } else if (op == "enter") {
            const bool before = present_in(room, user);
            auto name = string_field(o, "name");
            p.rooms[room][user] = name;
            if (!before) changes.push_back({room, user, name, string_field(o, "client"), true});
        } else if (op == "leave") {
            auto r = p.rooms.find(room);
            if (r != p.rooms.end()) {
                if (auto u = r->second.find(user); u != r->second.end()) {
                    auto name = std::move(u->second);
                    r->second.erase(u);
                    if (r->second.empty()) p.rooms.erase(r);
                    if (!present_in(room, user)) changes.push_back({room, user, name, {}, false});
                }
            }
        } else if (op == "state") {
            std::unordered_set<id_t> online;
            room_users rooms;
            if (const auto* a = o.if_contains("online"); a && a->is_array())
                for (const auto& u : a->as_array())
                    if (u.is_int64()) online.insert(u.as_int64());
            if (const auto* a = o.if_contains("rooms"); a && a->is_array())
                for (const auto& e : a->as_array()) {
                    const auto* t = e.if_array();
                    if (t && t->size() == 3 && (*t)[0].is_int64() && (*t)[1].is_int64() &&
                        (*t)[2].is_string())
                        rooms[(*t)[0].as_int64()][(*t)[1].as_int64()] = (*t)[2].as_string();
                }
            p.online = std::move(online);
            replace_state(p, std::move(rooms), changes);
        }
    }
    notify(changes);
}

void shared_presence::replace_state(peer& p, room_users rooms, std::vector<change>& changes) {
    // Users new in the peer's state that were nowhere before join; users gone from it that are
    // now nowhere leave.
    std::vector<change> joined;
    for (const auto& [room, users] : rooms)
        for (const auto& [user, name] : users) {
            auto r = p.rooms.find(room);
            const bool known = r != p.rooms.end() && r->second.contains(user);
            if (!known && !present_in(room, user)) joined.push_back({room, user, name, {}, true});
        }
    const auto old = std::exchange(p.rooms, std::move(rooms));
    for (const auto& [room, users] : old)
        for (const auto& [user, name] : users)
            if (!present_in(room, user)) changes.push_back({room, user, name, {}, false});
    changes.insert(changes.end(), joined.begin(), joined.end());
}

void shared_presence::drop_silent_peers(std::vector<change>& changes) {
    const auto now = clock::now();
    for (auto it = peers_.begin(); it != peers_.end();) {
        if (now - it->second.heard < timing_.node_timeout) {
            ++it;
            continue;
        }
        spdlog::warn("presence: node {} unheard for {} ms; its users are gone", it->first,
                     timing_.node_timeout.count());
        const auto old = std::move(it->second.rooms);
        it = peers_.erase(it);
        for (const auto& [room, users] : old)
            for (const auto& [user, name] : users)
                if (!present_in(room, user)) changes.push_back({room, user, name, {}, false});
    }
}

void shared_presence::notify(const std::vector<change>& changes) {
    if (changes.empty()) return;
    presence_listener* l = nullptr;
    {
        std::lock_guard lock(mutex_);
        l = listener_;
    }
    if (!l) return;
    for (const auto& c : changes)
        l->on_presence_changed(c.room, {c.user, c.name, c.client_id}, c.present);
}

void shared_presence::on_peers_reconnected() { post_announce(true); }

// --- the heartbeat ----------------------------------------------------------------------------

std::string shared_presence::state_message() const {
    json::array online, rooms;
    for (const auto& [user, _] : connections_) online.push_back(user);
    for (const auto& [room, users] : local_rooms_)
        for (const auto& [user, entry] : users)
            rooms.push_back(json::array{room, user, entry.name});
    return json::serialize(json::object{{"op", "state"}, {"online", online}, {"rooms", rooms}});
}

void shared_presence::announce(bool hello) {
    std::lock_guard order(publish_mutex_);
    std::string state;
    {
        std::lock_guard lock(mutex_);
        // A heartbeat with nobody to hear it is skipped: a node alone pays nothing.
        if (!hello && peers_.empty()) return;
        // After an outage, every node gets a fresh node_timeout to be heard from again.
        if (hello)
            for (auto& [_, p] : peers_) p.heard = clock::now();
        state = state_message();
    }
    if (hello) bus_.publish_to_peers(R"({"op":"hello"})");
    bus_.publish_to_peers(std::move(state));
}

void shared_presence::arm() {
    timer_.expires_after(timing_.heartbeat);
    timer_.async_wait([this, alive = std::weak_ptr(alive_)](boost::system::error_code ec) {
        if (!ec && alive.lock()) tick();
    });
}

void shared_presence::tick() {
    std::vector<change> changes;
    {
        std::lock_guard lock(mutex_);
        if (bus_.healthy())
            drop_silent_peers(changes);
        else  // nobody is heard while this node's bus is down: that is no sign of their death
            for (auto& [_, p] : peers_) p.heard = clock::now();
    }
    notify(changes);
    announce(false);
    arm();
}

}  // namespace parley::bus

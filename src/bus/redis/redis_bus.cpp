#include "bus/redis/redis_bus.hpp"

#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <csignal>
#include <future>
#include <random>
#include <unordered_map>

#include "bus/redis/redis_connection.hpp"
#include "config.hpp"

namespace parley::bus::redis {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

const char* kind_name(control_event::kind k) {
    switch (k) {
        case control_event::kind::member_removed:
            return "member_removed";
        case control_event::kind::room_deleted:
            return "room_deleted";
        case control_event::kind::session_revoked:
            return "session_revoked";
        case control_event::kind::read_marker:
            return "read_marker";
        case control_event::kind::member_added:
            return "member_added";
        case control_event::kind::typing:
            return "typing";
    }
    return "";
}

/// A control event from another node; nullopt for this node's own (`self`) or a bad one.
std::optional<control_event> parse_control(std::string_view payload, std::string_view self) {
    boost::system::error_code ec;
    auto v = json::parse(payload, ec);
    if (ec || !v.is_object()) return std::nullopt;
    const auto& o = v.as_object();
    if (const auto* n = o.if_contains("node"); !n || !n->is_string() || n->as_string() == self)
        return std::nullopt;
    const auto* k = o.if_contains("kind");
    if (!k || !k->is_string()) return std::nullopt;
    control_event e;
    if (*k == "member_removed")
        e.what = control_event::kind::member_removed;
    else if (*k == "room_deleted")
        e.what = control_event::kind::room_deleted;
    else if (*k == "session_revoked")
        e.what = control_event::kind::session_revoked;
    else if (*k == "read_marker")
        e.what = control_event::kind::read_marker;
    else if (*k == "member_added")
        e.what = control_event::kind::member_added;
    else if (*k == "typing")
        e.what = control_event::kind::typing;
    else
        return std::nullopt;
    if (const auto* r = o.if_contains("room"); r && r->is_int64()) e.room = r->as_int64();
    if (const auto* u = o.if_contains("user"); u && u->is_int64()) e.user = u->as_int64();
    if (const auto* s = o.if_contains("session"); s && s->is_string())
        e.session = std::string(s->as_string());
    if (const auto* q = o.if_contains("seq"); q && q->is_int64()) e.seq = q->as_int64();
    if (const auto* n = o.if_contains("name"); n && n->is_string())
        e.name = std::string(n->as_string());
    return e;
}

/// A room event as one payload, after "<node>:<seq>:": "<a>:<b>:<c>:" (the sizes of the frame,
/// the watchers' plain and mention frames; no watcher frames: 0:0), the three frames, then the
/// mentioned names, each ending in '\n'. Frames are bytes: no parsing of their JSON on the way.
void append_room_event(std::string& out, const room_event& e) {
    const auto size_of = [](const frame& f) { return f ? f->size() : 0; };
    const auto* w = e.watchers.get();
    out += std::to_string(size_of(e.f)) + ':' + std::to_string(w ? size_of(w->plain) : 0) + ':' +
           std::to_string(w ? size_of(w->mention) : 0) + ':';
    if (e.f) out += *e.f;
    if (!w) return;
    if (w->plain) out += *w->plain;
    if (w->mention) out += *w->mention;
    for (const auto& name : w->mentioned) out += name + '\n';
}

/// Reads a number ending in ':' at the front of `in`, and drops both from it.
std::optional<std::size_t> take_size(std::string_view& in) {
    std::size_t n = 0;
    const auto end = in.find(':');
    if (end == std::string_view::npos ||
        std::from_chars(in.data(), in.data() + end, n).ec != std::errc{})
        return std::nullopt;
    in.remove_prefix(end + 1);
    return n;
}

/// The room event append_room_event() wrote; nullopt for a malformed payload.
std::optional<room_event> parse_room_event(std::string_view in) {
    const auto f = take_size(in), plain = take_size(in), mention = take_size(in);
    if (!f || !plain || !mention || *f == 0 || *f + *plain + *mention > in.size())
        return std::nullopt;
    const auto take = [&](std::size_t n) -> frame {
        if (n == 0) return nullptr;
        auto out = std::make_shared<const std::string>(in.substr(0, n));
        in.remove_prefix(n);
        return out;
    };
    room_event e{take(*f), nullptr};
    if (*plain == 0) return e;
    auto w = std::make_shared<watcher_frames>();
    w->plain = take(*plain);
    w->mention = take(*mention);
    for (auto end = in.find('\n'); end != std::string_view::npos; end = in.find('\n')) {
        w->mentioned.emplace_back(in.substr(0, end));
        in.remove_prefix(end + 1);
    }
    e.watchers = std::move(w);
    return e;
}

std::string_view text_of(const redisReply* r) {
    return r && r->type == REDIS_REPLY_STRING ? std::string_view(r->str, r->len)
                                              : std::string_view();
}

}  // namespace

std::optional<redis_address> parse_redis_url(const std::string& url, std::string& why) {
    auto u = boost::urls::parse_uri(url);
    if (!u || u->scheme() != "redis" || u->host().empty()) {
        why = "not a Redis URL: '" + url + "' (use redis://host:port)";
        return std::nullopt;
    }
    if (u->has_userinfo() || (!u->path().empty() && u->path() != "/")) {
        why = "Redis URL '" + url + "': only redis://host:port is supported";
        return std::nullopt;
    }
    redis_address a;
    a.host = u->host();
    if (u->has_port()) a.port = u->port_number();
    if (a.port <= 0 || a.port > 65535) {
        why = "Redis URL '" + url + "' has no valid port";
        return std::nullopt;
    }
    return a;
}

std::string redis_bus::room_channel(id_t room) const { return room_prefix_ + std::to_string(room); }

std::optional<id_t> redis_bus::room_of(std::string_view channel) const {
    if (!channel.starts_with(room_prefix_)) return std::nullopt;
    id_t room = 0;
    const auto id = channel.substr(room_prefix_.size());
    if (std::from_chars(id.data(), id.data() + id.size(), room).ec != std::errc{})
        return std::nullopt;
    return room;
}

redis_bus::redis_bus(redis_address address)
    : address_(std::move(address)),
      // Not "room:", whose payloads were bare frames: nodes of that version never read these.
      room_prefix_(address_.prefix + "room-events:"),
      control_channel_(address_.prefix + "control"),
      peers_channel_(address_.prefix + "peers"),
      node_(std::to_string(std::random_device{}()) + std::to_string(std::random_device{}())) {
    // hiredis writes with write(2): a Redis that went away would raise SIGPIPE, whose default
    // action ends the process. The error comes back from write() instead.
    std::signal(SIGPIPE, SIG_IGN);
    spdlog::info("redis: connecting to {}:{} (prefix '{}')", address_.host, address_.port,
                 address_.prefix);
    asio::post(ioc_, [this] { connect(); });
    thread_ = std::thread([this] {
        auto work = asio::make_work_guard(ioc_);
        ioc_.run();
    });
}

redis_bus::~redis_bus() {
    asio::post(ioc_, [this] {
        retry_timer_.cancel();
        publisher_.reset();
        subscriber_.reset();
        ioc_.stop();
    });
    thread_.join();
}

template <class F>
void redis_bus::on_bus_thread(F&& f) {
    if (std::this_thread::get_id() == thread_.get_id()) return f();
    // Run there, so that once this returns no delivery to an old listener is still running.
    std::promise<void> done;
    asio::post(ioc_, [&] {
        f();
        done.set_value();
    });
    done.get_future().wait();
}

void redis_bus::attach(receiver* r) {
    on_bus_thread([&] { receiver_ = r; });
}

void redis_bus::attach_peers(peer_listener* l) {
    on_bus_thread([&] {
        peers_ = l;
        if (l && peers_ready_) l->on_peers_reconnected();
    });
}

void redis_bus::connect() {
    auto on_end = [this](const std::string& why) { on_connection_lost(why); };
    auto connected = [this](bool ok, const std::string& why) {
        if (!ok) return on_connection_lost(why);
        if (publisher_ && publisher_->up() && subscriber_ && subscriber_->up())
            on_subscriber_ready();
    };
    publisher_ = redis_connection::connect(ioc_, address_.host, address_.port, connected, on_end);
    subscriber_ = redis_connection::connect(ioc_, address_.host, address_.port, connected, on_end);
    subscriber_->on_message([this](redisReply* r) { on_message(r); });
}

void redis_bus::on_connection_lost(const std::string& why) {
    if (!publisher_ && !subscriber_) return;  // already reconnecting
    if (connected_) spdlog::warn("redis: connection lost ({}); reconnecting", why);
    connected_ = false;
    peers_ready_ = false;
    awaiting_replies_ = 0;
    confirmed_.clear();  // all are subscribed again, and told again, once it is back
    // Both go: a reconnect starts from a clean state. Destroyed from a fresh turn of the loop,
    // never from inside one of their own callbacks.
    asio::post(ioc_, [old = std::make_pair(std::move(publisher_), std::move(subscriber_))] {});
    const auto before = backoff_;
    backoff_ = std::min(std::max(backoff_ * 2, limits::redis_retry_min), limits::redis_retry_max);
    if (backoff_ >= limits::redis_retry_max && before < limits::redis_retry_max)  // said once
        spdlog::warn("redis: {}:{} unreachable ({}); retrying every {} ms", address_.host,
                     address_.port, why, backoff_.count());
    retry_timer_.expires_after(backoff_);
    retry_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) connect();
    });
}

void redis_bus::on_subscriber_ready() {
    connected_ = true;
    spdlog::info("redis: connected to {}:{}; subscribing {} rooms", address_.host, address_.port,
                 rooms_.size());
    backoff_ = std::chrono::milliseconds{0};
    std::vector<std::string> channels{control_channel_, peers_channel_};
    for (id_t room : rooms_) channels.push_back(room_channel(room));
    send_subscriptions("SUBSCRIBE", channels);
    apply_changes();
    flush_outbox();
}

void redis_bus::send_subscriptions(const char* command, const std::vector<std::string>& channels) {
    if (!subscriber_ || !subscriber_->up()) return;
    for (std::size_t at = 0; at < channels.size(); at += limits::redis_channels_per_command) {
        const auto end = std::min(channels.size(), at + limits::redis_channels_per_command);
        std::vector<std::string_view> args{command};
        for (auto i = at; i < end; ++i) args.emplace_back(channels[i]);
        if (subscriber_->subscription(args)) awaiting_replies_ += static_cast<long>(end - at);
    }
}

void redis_bus::publish(id_t room, std::int64_t seq, room_event e) {
    std::string payload = node_ + ":" + std::to_string(seq) + ":";
    append_room_event(payload, e);
    enqueue({room_channel(room), std::move(payload), room, seq, std::move(e), std::nullopt});
}

void redis_bus::publish_control(const control_event& e) {
    json::object o{
        {"node", node_}, {"kind", kind_name(e.what)}, {"room", e.room}, {"user", e.user}};
    if (!e.session.empty()) o["session"] = e.session;
    if (e.seq != 0) o["seq"] = e.seq;
    if (!e.name.empty()) o["name"] = e.name;
    enqueue({control_channel_, json::serialize(o), 0, 0, {}, e});
}

void redis_bus::publish_to_peers(std::string payload) {
    enqueue({peers_channel_, node_ + ":" + payload, 0, 0, {}, std::nullopt});
}

void redis_bus::enqueue(outgoing o) {
    bool post = false;
    {
        std::lock_guard lock(mutex_);
        outbox_.push_back(std::move(o));
        post = !std::exchange(outbox_posted_, true);
    }
    if (post) asio::post(ioc_, [this] { flush_outbox(); });
}

void redis_bus::flush_outbox() {
    std::vector<outgoing> out;
    {
        std::lock_guard lock(mutex_);
        out.swap(outbox_);
        outbox_posted_ = false;
    }
    // To Redis while it is there (lossy: other nodes' seq gates refill from the log), then to
    // this node's own receiver whether Redis is there or not.
    if (publisher_ && publisher_->up())
        for (const auto& o : out) publisher_->command({"PUBLISH", o.channel, o.payload});
    else
        dropped_ += out.size();
    for (auto& o : out) {
        if (!receiver_) break;
        if (o.control)
            receiver_->on_control(*o.control);
        else if (o.event.f && rooms_.contains(o.room))
            receiver_->on_frame(o.room, o.seq, std::move(o.event));
    }
}

void redis_bus::subscribe(id_t room) { queue_change({room, true}); }

void redis_bus::unsubscribe(id_t room) { queue_change({room, false}); }

void redis_bus::queue_change(change c) {
    bool post = false;
    {
        std::lock_guard lock(mutex_);
        changes_.push_back(c);
        post = !std::exchange(changes_posted_, true);
    }
    if (post) asio::post(ioc_, [this] { apply_changes(); });
}

void redis_bus::apply_changes() {
    std::vector<change> changes;
    {
        std::lock_guard lock(mutex_);
        changes.swap(changes_);
        changes_posted_ = false;
    }
    // The net effect of the turn's changes (a room's last change wins), as one SUBSCRIBE and
    // one UNSUBSCRIBE at most.
    std::unordered_map<id_t, bool> wanted;
    for (const auto& c : changes) wanted[c.room] = c.subscribe;
    std::vector<std::string> added, removed;
    for (const auto& [room, subscribe] : wanted) {
        if (subscribe ? rooms_.insert(room).second : rooms_.erase(room) > 0)
            (subscribe ? added : removed).push_back(room_channel(room));
    }
    send_subscriptions("SUBSCRIBE", added);
    send_subscriptions("UNSUBSCRIBE", removed);
}

void redis_bus::on_message(redisReply* r) {
    if (r->type != REDIS_REPLY_ARRAY || r->elements < 3) return;
    const auto kind = text_of(r->element[0]);
    const auto channel = text_of(r->element[1]);
    receiver* to = receiver_;
    const auto room = room_of(channel);
    if (kind == "subscribe" || kind == "unsubscribe") {
        const bool last = --awaiting_replies_ <= 0;
        if (kind == "subscribe" && channel == peers_channel_) {
            peers_ready_ = true;
            if (peers_) peers_->on_peers_reconnected();
        }
        if (kind == "subscribe" && room && rooms_.contains(*room)) confirmed_.push_back(*room);
        // Told in batches: after a reconnect, thousands of rooms are checked in a few queries.
        if ((last || confirmed_.size() >= limits::redis_channels_per_command) &&
            !confirmed_.empty()) {
            auto rooms = std::exchange(confirmed_, {});
            if (to) to->on_subscribed(rooms);
        }
        return;
    }
    if (kind != "message") return;
    const auto payload = text_of(r->element[2]);
    if (channel == peers_channel_) {
        const auto node_end = payload.find(':');
        if (node_end == std::string_view::npos || payload.substr(0, node_end) == node_ || !peers_)
            return;
        return peers_->on_peer_message(payload.substr(0, node_end), payload.substr(node_end + 1));
    }
    if (!to) return;
    if (channel == control_channel_) {
        if (auto e = parse_control(payload, node_)) to->on_control(*e);
        return;
    }
    if (!room || !rooms_.contains(*room)) return;  // unsubscribed; Redis has not heard yet
    // "<node>:<seq>:<event>"; this node's own events reached it from flush_outbox().
    const auto node_end = payload.find(':');
    if (node_end == std::string_view::npos || payload.substr(0, node_end) == node_) return;
    const auto seq_end = payload.find(':', node_end + 1);
    std::int64_t seq = 0;
    if (seq_end == std::string_view::npos ||
        std::from_chars(payload.data() + node_end + 1, payload.data() + seq_end, seq).ec !=
            std::errc{})
        return;
    if (auto e = parse_room_event(payload.substr(seq_end + 1)))
        to->on_frame(*room, seq, std::move(*e));
}

bool redis_bus::wait_until_subscribed(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (connected_ && awaiting_replies_ <= 0 && changes_.empty() && !changes_posted_)
                return true;
        }
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

}  // namespace parley::bus::redis

#include "chat/chat_service.hpp"

#include <boost/asio/post.hpp>
#include <unordered_map>

#include "chat/error_reply.hpp"

namespace parley::chat {
namespace {

/// A read marker in a room the user is not in: what a missing room answers (ids cannot be
/// probed).
const failure not_a_member{"room_not_found", "that room does not exist", 404};

}  // namespace

chat_service::chat_service(unsigned shards, const shard_services& services, chat_options options,
                           session_closer close_session)
    : options_(std::move(options)),
      services_(services),
      guard_(options_.abuse),
      close_session_(std::move(close_session)) {
    shards_.reserve(std::max(1u, shards));
    for (unsigned i = 0; i < std::max(1u, shards); ++i)
        shards_.push_back(std::make_unique<room_shard>(services.homes[i % services.homes.size()],
                                                       services, options_));
}

room_shard& chat_service::shard_for(id_t room) {
    return *shards_[static_cast<std::size_t>(room) % shards_.size()];
}

void chat_service::on_open(const std::shared_ptr<connection>& c) {
    users_.add(c);
    if (!c->watches_rooms()) return;
    boost::asio::post(services_.blocking, [this, c] {
        if (c->closed()) return;
        auto rooms = services_.rooms.room_ids_of(c->user_id());
        if (!rooms) return;  // logged by the store; the client's room list then stays static
        for (id_t room : *rooms) shard_for(room).watch(c, room, false);
    });
}

void chat_service::mark_read(const std::shared_ptr<connection>& c, read_request req,
                             request_token done) {
    boost::asio::post(services_.blocking, [this, c, req, done = std::move(done)] {
        auto marker = services_.rooms.mark_read(req.room_id, c->user_id(), req.seq);
        if (!marker) {
            return reply_error(
                *c, services_.metrics.ws_errors,
                marker.error() == store::errc::not_found ? not_a_member : store_failure(),
                req.room_id);
        }
        services_.bus.publish_control(
            {bus::control_event::kind::read_marker, req.room_id, c->user_id(), {}, *marker});
    });
}

void chat_service::on_text(const std::shared_ptr<connection>& c, std::string_view text) {
    // Travels with the request; when the last copy is destroyed, however the request ended,
    // the connection learns it is done.
    request_token done(nullptr, [c](void*) { c->request_done(); });
    auto parsed = parse_request(text, c->username(), options_.limits);
    if (parsed.has_error()) {
        const auto& refused = parsed.error();
        reply_error(*c, services_.metrics.ws_errors, refused, refused.room_id,
                    refused.client_msg_id);
        if (guard_.invalid(*c)) c->close_for_abuse("too many invalid messages");
        return;
    }
    // One overload of handle per request type and no generic one: a request type without its
    // handler does not compile.
    std::visit([&](auto&& req) { handle(c, std::move(req), std::move(done)); }, std::move(*parsed));
}

void chat_service::handle(const std::shared_ptr<connection>& c, ping_request, request_token) {
    if (admitted(c, guard_.request(*c), 0)) c->send(pong_event());
}

void chat_service::handle(const std::shared_ptr<connection>& c, join_request req,
                          request_token done) {
    if (admitted(c, guard_.join(*c), req.room_id))
        shard_for(req.room_id).join(c, req, std::move(done));
}

void chat_service::handle(const std::shared_ptr<connection>& c, send_request req,
                          request_token done) {
    if (admitted(c, guard_.message(*c), req.room_id, req.client_msg_id))
        shard_for(req.room_id).send(c, std::move(req), std::move(done));
}

void chat_service::handle(const std::shared_ptr<connection>& c, history_request req,
                          request_token done) {
    if (admitted(c, guard_.request(*c), req.room_id))
        shard_for(req.room_id).history(c, req, std::move(done));
}

void chat_service::handle(const std::shared_ptr<connection>& c, change_request req,
                          request_token done) {
    if (admitted(c, guard_.message(*c), req.room_id, req.client_msg_id))
        shard_for(req.room_id).change(c, std::move(req), std::move(done));
}

void chat_service::handle(const std::shared_ptr<connection>& c, typing_request req,
                          request_token done) {
    if (admitted(c, guard_.request(*c), req.room_id))
        shard_for(req.room_id).typing(c, req.room_id, std::move(done));
}

void chat_service::handle(const std::shared_ptr<connection>& c, read_request req,
                          request_token done) {
    if (admitted(c, guard_.request(*c), req.room_id)) mark_read(c, req, std::move(done));
}

void chat_service::handle(const std::shared_ptr<connection>& c, leave_request req,
                          request_token done) {
    shard_for(req.room_id).leave(c, req.room_id, std::move(done));
}

void chat_service::handle(const std::shared_ptr<connection>& c, list_request req,
                          request_token done) {
    if (admitted(c, guard_.request(*c), req.room_id))
        shard_for(req.room_id).list(c, req.room_id, std::move(done));
}

bool chat_service::admitted(const std::shared_ptr<connection>& c, guard_answer a, id_t room,
                            const std::optional<std::string>& client_msg_id) {
    if (a.retry_after.count() == 0) return true;
    services_.metrics.ws_errors.add("rate_limited");
    c->send(rate_limited_event(a.retry_after, room, client_msg_id));
    if (a.close) c->close_for_abuse("rate limit exceeded");
    return false;
}

void chat_service::on_closed(const std::shared_ptr<connection>& c) {
    c->mark_closed();  // before the shards hear of it: see room_shard::watch
    users_.remove(*c);
    guard_.closed(*c);
    for (auto& shard : shards_) shard->closed(c);
}

void chat_service::on_frame(id_t room, std::int64_t seq, bus::room_event e) {
    shard_for(room).deliver(room, seq, std::move(e));
}

void chat_service::on_subscribed(const std::vector<id_t>& rooms) {
    // One query for all of them; only the rooms whose log is ahead of their gate are read.
    boost::asio::post(services_.blocking, [this, rooms] {
        auto last = services_.log.last_seqs(rooms);
        if (!last) {
            for (id_t room : rooms) shard_for(room).catch_up(room);  // read each to be sure
            return;
        }
        std::unordered_map<room_shard*, std::vector<std::pair<id_t, std::int64_t>>> by_shard;
        for (const auto& [room, seq] : *last) by_shard[&shard_for(room)].emplace_back(room, seq);
        for (auto& [shard, seqs] : by_shard) shard->catch_up_many(std::move(seqs));
    });
}

void chat_service::on_presence_changed(id_t room, const bus::present_user& user, bool present) {
    shard_for(room).presence_changed(room, user.id, std::string(user.name),
                                     std::string(user.client_id), present);
}

void chat_service::on_control(const bus::control_event& e) {
    switch (e.what) {
        case bus::control_event::kind::member_removed:
            shard_for(e.room).remove_user(e.room, e.user);
            break;
        case bus::control_event::kind::room_deleted:
            shard_for(e.room).close_room(e.room);
            break;
        case bus::control_event::kind::session_revoked:
            if (close_session_) close_session_(e.session);
            break;
        case bus::control_event::kind::read_marker: {
            const auto notice = read_event(e.room, e.seq);
            for (const auto& c : users_.of(e.user)) c->send(notice);
            break;
        }
        case bus::control_event::kind::typing:
            shard_for(e.room).typing_heard(e.room, e.user, e.name);
            break;
        case bus::control_event::kind::member_added:
            for (const auto& c : users_.of(e.user))
                if (c->watches_rooms()) shard_for(e.room).watch(c, e.room, true);
            break;
    }
}

}  // namespace parley::chat

#include "chat/chat_service.hpp"

#include "auth/accounts.hpp"

namespace parley::chat {
namespace {

const failure room_not_found{"room_not_found", "that room does not exist", 404};
const failure not_joined{"not_joined", "join the room first", 409};
const failure forbidden_room{"forbidden", "you are not a member of that room", 403};
const failure save_failed{"save_failed", "Failed to save message", 503};
const failure unavailable{"unavailable", "the database is unavailable, try again", 503};

}  // namespace

chat_service::chat_service(store::job_queue& queue, chat_options options)
    : queue_(queue), options_(std::move(options)) {}

void chat_service::on_text(const std::shared_ptr<connection>& c, std::string_view text) {
    // Travels with the request's job; when the last copy is destroyed, however the job
    // ended, the connection learns the request is done.
    request_token done(nullptr, [c](void*) { c->request_done(); });
    auto parsed = parse_request(text, c->username(), options_.limits);
    if (parsed.has_error()) {
        c->send(error_event(parsed.error()));
        return;
    }
    std::visit(
        [&](auto&& req) {
            using T = std::decay_t<decltype(req)>;
            if constexpr (std::is_same_v<T, join_request>)
                queue_.post([this, c, req, done](store::store& db) { join(c, req, db); });
            else if constexpr (std::is_same_v<T, history_request>)
                queue_.post([this, c, req, done](store::store& db) { history(c, req, db); });
            else if constexpr (std::is_same_v<T, send_request>)
                send(c, std::move(req), done);
            else if constexpr (std::is_same_v<T, leave_request>)
                queue_.post([this, c, room = req.room_id, done](store::store&) { leave(c, room); });
            else
                queue_.post([this, c, room = req.room_id, done](store::store& db) { list(c, room, db); });
        },
        *parsed);
}

void chat_service::on_closed(const std::shared_ptr<connection>& c) {
    queue_.post([this, c](store::store&) {
        for (id_t room : rooms_.leave_all(*c))
            rooms_.broadcast(room, member_left_event(room, c->username()));
    });
}

void chat_service::remove_user(id_t room, id_t user_id) {
    queue_.post([this, room, user_id](store::store&) {
        auto removed = rooms_.remove_user(room, user_id);
        if (removed.empty()) return;
        const auto notice = removed_event(room, "removed");
        for (const auto& c : removed) c->send(notice);
        rooms_.broadcast(room, member_left_event(room, removed.front()->username()));
    });
}

void chat_service::close_room(id_t room) {
    queue_.post([this, room](store::store&) {
        const auto notice = removed_event(room, "deleted");
        for (const auto& c : rooms_.remove_room(room)) c->send(notice);
    });
}

void chat_service::join(const std::shared_ptr<connection>& c, const join_request& req,
                        store::store& db) {
    const id_t room = req.room_id;
    auto group = db.find_group(room);
    if (group.has_error()) {
        c->send(error_event(group.error() == store::errc::not_found ? room_not_found : unavailable));
        return;
    }
    auto is_member = db.is_member(room, c->user_id());
    if (is_member.has_error()) return (void)c->send(error_event(unavailable));
    if (!*is_member) {
        // Private groups and direct rooms are closed; public groups admit whoever joins.
        if (group->is_private || group->kind == "direct")
            return (void)c->send(error_event(forbidden_room));
        if (db.add_member(room, c->user_id(), "member", auth::now_millis()).has_error())
            return (void)c->send(error_event(unavailable));
    }
    auto members = db.members(room);
    // One more than sent tells whether more exist: newer ones after `since`, else older ones.
    const int n = options_.history_limit;
    auto history = req.since ? db.messages_after_seq(room, *req.since, n + 1)
                             : db.recent_messages(room, n + 1);
    if (members.has_error() || history.has_error()) return (void)c->send(error_event(unavailable));
    const bool has_more = static_cast<int>(history->size()) > n;
    if (has_more) {
        if (req.since) history->pop_back();
        else history->erase(history->begin());
    }

    const auto added = rooms_.join(room, c);
    c->send(joined_event(room, member_views(*members, rooms_.online_users(room)), *history,
                         has_more, group->last_seq));
    if (added.first_for_user)
        rooms_.broadcast(room, member_joined_event(room, c->username(), c->client_id()), c.get());
}

void chat_service::history(const std::shared_ptr<connection>& c, const history_request& req,
                           store::store& db) {
    if (!rooms_.contains(req.room_id, *c)) return (void)c->send(error_event(not_joined));
    auto page = req.after_seq ? db.messages_after_seq(req.room_id, *req.after_seq, req.limit + 1)
                              : db.messages_before_seq(req.room_id, *req.before_seq, req.limit + 1);
    if (page.has_error()) return (void)c->send(error_event(unavailable));
    const bool has_more = static_cast<int>(page->size()) > req.limit;
    if (has_more) {
        if (req.after_seq) page->pop_back();
        else page->erase(page->begin());
    }
    c->send(history_event(req.room_id, *page, has_more));
}

void chat_service::send(const std::shared_ptr<connection>& c, send_request req,
                        request_token token) {
    store::new_message msg{req.room_id, c->user_id(), c->username(), std::move(req.text), 0,
                           req.client_msg_id};
    auto admit = [this, c](store::new_message& m) {
        if (!rooms_.contains(m.group_id, *c)) {
            c->send(error_event(not_joined, m.client_msg_id));
            return false;
        }
        m.created_at = auth::now_millis();  // stamped in storing order
        return true;
    };
    auto done = [this, c, id = req.client_msg_id, token](store::result<store::saved_message> saved) {
        if (saved.has_error()) return (void)c->send(error_event(save_failed, id));
        c->send(ack_event(saved->msg));
        // A retry was delivered when it was first stored; only its sender hears of it again.
        if (!saved->duplicate) rooms_.broadcast(saved->msg.group_id, message_event(saved->msg));
    };
    queue_.post_save(std::move(msg), std::move(admit), std::move(done));
}

void chat_service::leave(const std::shared_ptr<connection>& c, id_t room) {
    if (rooms_.leave(room, *c).last_for_user)
        rooms_.broadcast(room, member_left_event(room, c->username()));
}

void chat_service::list(const std::shared_ptr<connection>& c, id_t room, store::store& db) {
    if (!rooms_.contains(room, *c)) return (void)c->send(error_event(not_joined));
    auto members = db.members(room);
    if (members.has_error()) return (void)c->send(error_event(unavailable));
    c->send(list_event(room, member_views(*members, rooms_.online_users(room))));
}

}  // namespace parley::chat

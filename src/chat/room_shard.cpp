#include "chat/room_shard.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <unordered_set>

#include "auth/accounts.hpp"
#include "chat/error_reply.hpp"
#include "config.hpp"
#include "text.hpp"

namespace parley::chat {
namespace {

const failure not_joined{"not_joined", "join the room first", 409};
const failure save_failed{"save_failed", "Failed to save message", 503};
const failure unavailable = store_failure();

}  // namespace

room_shard::room_shard(boost::asio::any_io_executor executor, const shard_services& services,
                       const chat_options& options)
    : strand_(boost::asio::make_strand(executor)),
      services_(services),
      options_(options),
      gap_timer_(strand_),
      reconcile_timer_(strand_),
      pages_timer_(strand_),
      appends_(strand_,
               [this](append_gatherer::batch b) { services_.log.append_many(std::move(b)); }) {
    if (options_.reconcile_every.count() > 0) on_strand([this] { arm_reconcile_timer(); });
}

template <class F>
void room_shard::on_strand(F&& f) {
    // At once on this thread when the strand is free (saves a thread hop per request),
    // otherwise after what is queued there; either way in order and never concurrently.
    boost::asio::dispatch(strand_, std::forward<F>(f));
}

room_joins::pending* room_shard::pending(id_t room, const connection& c) {
    auto it = active_.find(room);
    return it == active_.end() ? nullptr : it->second.joins.find(c);
}

bool room_shard::joined_now(const std::shared_ptr<connection>& c, id_t room,
                            std::function<void()> again,
                            const std::optional<std::string>& client_msg_id) {
    if (auto* p = pending(room, *c)) {
        p->waiting.push_back(std::move(again));
        return false;
    }
    if (registry_.contains(room, *c)) return true;
    reply_error(*c, services_.metrics.ws_errors, not_joined, room, client_msg_id);
    return false;
}

room_shard::active_room& room_shard::activate(id_t room) {
    auto [it, added] = active_.try_emplace(room);
    if (added) {
        it->second.generation = ++activations_;
        services_.metrics.active_rooms.fetch_add(1, std::memory_order_relaxed);
        services_.bus.subscribe(room);
    }
    return it->second;
}

void room_shard::deactivate_if_idle(id_t room) {
    auto it = active_.find(room);
    if (it == active_.end() || !it->second.joins.empty() || registry_.occupied(room) ||
        watchers_.watched(room))
        return;
    active_.erase(it);
    services_.metrics.active_rooms.fetch_sub(1, std::memory_order_relaxed);
    services_.bus.unsubscribe(room);
}

// --- join -----------------------------------------------------------------------------------

void room_shard::join(std::shared_ptr<connection> c, join_request req, request_token done) {
    on_strand([this, c = std::move(c), req, done = std::move(done)]() mutable {
        const id_t room = req.room_id;
        if (auto* p = pending(room, *c)) {  // a second join waits for the first
            p->waiting.push_back([this, c, req, done] { join(c, req, done); });
            return;
        }
        // Joining again starts over: the connection leaves quietly and takes a new snapshot.
        if (registry_.leave(room, *c).last_for_user) services_.presence.left(room, c->user_id());
        if (activate(room).joins.add(c, req.since, std::move(done))) read_joins(room);
    });
}

void room_shard::read_joins(id_t room) {
    auto& r = active_.at(room);
    auto batch = r.joins.next_batch();
    if (batch.reads.empty()) return;
    auto known = r.joins.current_pages(
        r.stream.started() ? std::optional{r.stream.delivered()} : std::nullopt,
        std::chrono::steady_clock::now());
    // Read after the room was subscribed (activate()), so the first snapshot can start the
    // stream.
    boost::asio::post(services_.blocking, [this, room, gen = r.generation, known = std::move(known),
                                           batch = std::move(batch)]() mutable {
        auto read = read_join_batch(services_.rooms, services_.log, room, batch.reads,
                                    options_.history_limit, std::move(known));
        // A public group's new members hear of it on their other sockets (the room list), on
        // every node, as when an owner adds them.
        for (id_t user : read.added)
            services_.bus.publish_control({bus::control_event::kind::member_added, room, user});
        on_strand([this, room, gen, conns = std::move(batch.conns),
                   read = std::move(read)]() mutable { joins_read(room, gen, conns, read); });
    });
}

void room_shard::joins_read(id_t room, std::uint64_t generation,
                            const std::vector<std::shared_ptr<connection>>& conns,
                            join_batch_result& batch) {
    // A room deactivated meanwhile took its joins with it; a new activation reads its own.
    auto it = active_.find(room);
    if (it == active_.end() || it->second.generation != generation) return;
    const bool pages_read = !batch.pages_read.empty();
    it->second.joins.batch_read(std::move(batch.pages_read), std::chrono::steady_clock::now());
    if (pages_read) arm_pages_timer();
    for (std::size_t i = 0; i < conns.size(); ++i)
        finish_join(conns[i], room, std::move(batch.snapshots[i]));
    it = active_.find(room);  // finish_join may have deactivated it
    if (it != active_.end() && it->second.generation == generation) read_joins(room);
}

void room_shard::arm_pages_timer() {
    if (std::exchange(pages_timer_armed_, true)) return;
    pages_timer_.expires_after(limits::join_page_reuse);
    pages_timer_.async_wait([this](boost::system::error_code ec) {
        pages_timer_armed_ = false;
        if (ec) return;
        bool kept = false;
        const auto now = std::chrono::steady_clock::now();
        for (auto& [_, r] : active_) kept = r.joins.forget_old_pages(now) || kept;
        if (kept) arm_pages_timer();
    });
}

std::optional<room_joins::pending> room_shard::take_pending(id_t room, const connection& c) {
    auto it = active_.find(room);
    if (it == active_.end()) return std::nullopt;
    return it->second.joins.take(c);
}

void room_shard::finish_join(const std::shared_ptr<connection>& c, id_t room,
                             outcome<join_snapshot> snap) {
    auto p = take_pending(room, *c);
    if (!p) return;                        // the connection left or was removed meanwhile
    auto& r = active_.find(room)->second;  // take_pending found it there
    if (snap && !r.stream.started()) {
        // The first snapshot of a join still waiting (so read after the room was subscribed)
        // tells where the stream starts; frames held until now go to every join in flight,
        // this one included, and each keeps what its own snapshot lacks.
        auto items = r.stream.start(snap->history.last_seq);
        p->buffered.insert(p->buffered.end(), items.begin(), items.end());
        pass_on(room, r, std::move(items));
        if (auto owed = r.stream.owed_read())
            read_into_streams({{room, owed->after, owed->through}});
    }

    if (snap) {
        const std::int64_t last_seq = snap->history.last_seq;
        const auto added = registry_.join(room, c, last_seq);
        const bool announce =
            added.first_for_user &&
            services_.presence.entered(room, {c->user_id(), c->username(), c->client_id()});
        c->send(joined_event(room, member_views(snap->members, services_.presence.online_in(room)),
                             snap->history.messages, snap->history.has_more, last_seq,
                             c->user_id()));
        for (const auto& item : p->buffered)
            if (item.seq > last_seq) c->send(item.event.f);
        if (announce)
            to_room(room, member_joined_event(room, c->username(), c->user_id(), c->client_id()),
                    c.get());
    } else {
        reply_error(*c, services_.metrics.ws_errors, snap.error(), room);
    }
    // A joined socket watches the room too (parked while joined): after `leave` its user is
    // still a member, and it hears the room's activity again. A failed join unparks a watch
    // made while it was in flight.
    if (!snap || !c->watches_rooms() || !watchers_.watch(room, c, true))
        watchers_.set_joined(room, *c, snap.has_value());
    for (auto& request : p->waiting) request();
    deactivate_if_idle(room);
}

// --- messages -------------------------------------------------------------------------------

void room_shard::send(std::shared_ptr<connection> c, send_request req, request_token done) {
    store::new_message msg{req.room_id, c->user_id(),     c->username(), std::move(req.text),
                           0,           req.client_msg_id};
    msg.reply_to = req.reply_to;
    msg.files = std::move(req.files);
    write(std::move(c), std::move(msg), std::move(done));
}

void room_shard::change(std::shared_ptr<connection> c, change_request req, request_token done) {
    store::new_message msg{req.room_id, c->user_id(),     c->username(), std::move(req.text),
                           0,           req.client_msg_id};
    msg.kind = req.kind;
    msg.target_id = req.message_id;
    msg.reaction_on = req.on;
    write(std::move(c), std::move(msg), std::move(done));
}

void room_shard::write(std::shared_ptr<connection> c, store::new_message msg, request_token done) {
    on_strand([this, c = std::move(c), msg = std::move(msg), done = std::move(done)]() mutable {
        if (!joined_now(
                c, msg.room_id, [this, c, msg, done] { write(c, msg, done); }, msg.client_msg_id))
            return;
        // Stamped here, in the room's order, so times never run backwards within a room.
        msg.created_at = auth::now_millis();
        const auto id = msg.client_msg_id;
        const auto kind = msg.kind;
        const bool reply = msg.reply_to.has_value();
        const id_t room = msg.room_id;
        appends_.add({std::move(msg), [this, c, id, kind, reply, room,
                                       done](store::result<store::saved_message> saved) {
                          completed({c, std::move(saved), id, done, kind, reply, room});
                      }});
    });
}

void room_shard::completed(saved_item item) {
    bool first = false;
    {
        std::lock_guard lock(saved_mutex_);
        first = saved_.empty();
        saved_.push_back(std::move(item));
    }
    // One hop to the strand per burst of completions, not one per message.
    if (first) boost::asio::post(strand_, [this] { drain_saved(); });
}

void room_shard::drain_saved() {
    std::vector<saved_item> items;
    {
        std::lock_guard lock(saved_mutex_);
        items.swap(saved_);
    }
    for (auto& i : items) on_saved(i);
}

void room_shard::on_saved(saved_item& item) {
    const auto& c = item.conn;
    if (!item.saved)
        return (void)reply_error(*c, services_.metrics.ws_errors, refusal(item), item.room,
                                 item.client_msg_id);
    const auto& saved = *item.saved;
    c->send(ack_event(saved.msg));
    // A retry's original may never have been published (the reply to its first commit was
    // lost, or its node died before publishing): it goes out again, and the seq gates drop it
    // where it was passed on already. A change that changed nothing (seq 0) has nothing to say.
    if (saved.msg.seq > 0)
        services_.bus.publish(saved.msg.room_id, saved.msg.seq, room_event_of(saved.msg));
}

failure room_shard::refusal(const saved_item& item) {
    const bool change = item.kind != store::event_kind::message;
    const auto ec = item.saved.error();
    if (ec == store::errc::not_found && (change || item.reply))
        return {"not_found",
                change ? "no such message in this room" : "replyTo is not a message of this room",
                404};
    if (ec == store::errc::invalid_reference)
        return {"invalid_file",
                "files must be your own uploads to this room, each attached to one message only",
                400};
    if (ec == store::errc::forbidden)
        return {"forbidden",
                item.kind == store::event_kind::edit
                    ? "you may only edit your own messages"
                    : "you may only delete your own messages (or any, as the group's owner)",
                403};
    if (ec == store::errc::conflict)
        return {"client_msg_id_reused",
                "this clientMsgId was used for another request; send a new one", 409};
    if (ec == store::errc::invalid_argument && item.kind == store::event_kind::reaction)
        return {"invalid_message",
                "a message carries at most " + std::to_string(limits::reactions_per_message_max) +
                    " different emoji",
                400};
    return save_failed;
}

void room_shard::deliver(id_t room, std::int64_t seq, bus::room_event e) {
    boost::asio::dispatch(strand_, [this, room, seq, e = std::move(e)]() mutable {
        auto it = active_.find(room);
        if (it == active_.end()) return;  // no longer subscribed
        auto& r = it->second;
        // A join in flight starts the stream from its snapshot instead.
        pass_on(room, r, r.stream.offer(seq, std::move(e), !r.joins.empty()));
        if (r.stream.missing()) arm_gap_timer();
    });
}

void room_shard::pass_on(id_t room, active_room& r, std::vector<room_stream::item> items) {
    for (auto& item : items) {
        fan_out(room, item.seq, item.event.f);
        r.joins.passed(item);
        const auto& watchers = watchers_.idle_by_home(room);
        // Made where the event was stored, shared by every idle watcher on every thread.
        auto activity = item.event.watchers;
        if (watchers.empty() || !activity || !activity->plain) continue;
        hand_out_per_home(watchers, [activity = std::move(activity)](const connection& w) {
            // Per watcher: compared in place, no lowercased copy of each name.
            const auto& named = activity->mentioned;
            const bool mentioned =
                activity->mention && std::any_of(named.begin(), named.end(), [&](const auto& n) {
                    return text::iequals(n, w.username());
                });
            return mentioned ? activity->mention : activity->plain;
        });
    }
}

template <class Pick>
void room_shard::hand_out_per_home(const std::vector<home_batch>& batches, Pick pick) {
    const auto& homes = services_.homes;
    for (const auto& batch : batches)
        boost::asio::dispatch(
            homes[batch.home % homes.size()],
            [recipients = batch.recipients, pick] { hand_out(*recipients, pick); });
}

void room_shard::to_room(id_t room, frame f, const connection* except) {
    hand_out_per_home(registry_.by_home(room), [f = std::move(f), except](const connection& c) {
        return &c == except ? nullptr : f;
    });
}

void room_shard::fan_out(id_t room, std::int64_t seq, const frame& f) {
    const auto& homes = services_.homes;
    const auto start = std::chrono::steady_clock::now();
    for (const auto& batch : registry_.by_home(room))
        boost::asio::dispatch(homes[batch.home % homes.size()], [recipients = batch.recipients, seq,
                                                                 f, start, &m = services_.metrics] {
            m.frames_sent.add(deliver_to(*recipients, seq, f));
            m.fanout_seconds.observe(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        });
}

void room_shard::arm_gap_timer() {
    if (gap_timer_armed_) return;
    gap_timer_armed_ = true;
    gap_timer_.expires_after(options_.gap_timeout);
    gap_timer_.async_wait([this](boost::system::error_code ec) {
        gap_timer_armed_ = false;
        if (!ec) fill_gaps();
    });
}

void room_shard::arm_reconcile_timer() {
    reconcile_timer_.expires_after(options_.reconcile_every);
    reconcile_timer_.async_wait([this](boost::system::error_code ec) {
        if (ec) return;  // the shard is going away
        std::vector<id_t> rooms;
        for (const auto& [room, r] : active_)
            if (r.stream.started()) rooms.push_back(room);
        if (rooms.empty()) return arm_reconcile_timer();
        boost::asio::post(services_.blocking, [this, rooms = std::move(rooms)] {
            auto last = services_.log.last_seqs(rooms);
            on_strand([this, last = std::move(last)]() mutable {
                // A failed query is tried at the next interval.
                if (last) catch_up_many(std::move(*last));
                arm_reconcile_timer();
            });
        });
    });
}

void room_shard::fill_gaps() {
    std::vector<store::seq_range> reads;
    for (auto& [room, r] : active_)
        if (auto read = r.stream.timer_read()) reads.push_back({room, read->after, read->through});
    if (!reads.empty()) read_into_streams(std::move(reads));
}

void room_shard::catch_up(id_t room, std::optional<std::int64_t> last_seq) {
    on_strand([this, room, last_seq] {
        auto it = active_.find(room);
        if (it == active_.end()) return;
        if (auto read = it->second.stream.catch_up(last_seq))
            read_into_streams({{room, read->after, read->through}});
    });
}

void room_shard::catch_up_many(std::vector<std::pair<id_t, std::int64_t>> last_seqs) {
    on_strand([this, last_seqs = std::move(last_seqs)] {
        std::vector<store::seq_range> batch;
        std::int64_t asked = 0;
        for (const auto& [room, last_seq] : last_seqs) {
            auto it = active_.find(room);
            if (it == active_.end()) continue;
            auto read = it->second.stream.catch_up(last_seq);
            if (!read) continue;
            batch.push_back({room, read->after, read->through});
            asked += read->through - read->after;
            if (asked >= limits::catch_up_batch_messages) {
                read_into_streams(std::exchange(batch, {}));
                asked = 0;
            }
        }
        if (!batch.empty()) read_into_streams(std::move(batch));
    });
}

void room_shard::read_into_streams(std::vector<store::seq_range> ranges) {
    boost::asio::post(services_.blocking, [this, ranges = std::move(ranges)] {
        auto read = services_.log.read_ranges(ranges);
        on_strand([this, ranges, read = std::move(read)] {
            // The messages come ordered by room: each room's are one run.
            std::unordered_map<id_t, std::pair<std::size_t, std::size_t>> runs;
            if (read)
                for (std::size_t i = 0; i < read->size(); ++i) {
                    auto [at, inserted] = runs.try_emplace((*read)[i].room_id, i, i);
                    at->second.second = i + 1;
                }
            std::vector<store::seq_range> next;
            for (const auto& range : ranges) {
                auto it = active_.find(range.room_id);
                if (it == active_.end()) continue;
                auto& r = it->second;
                std::int64_t count = 0;
                if (auto run = runs.find(range.room_id); run != runs.end()) {
                    count = static_cast<std::int64_t>(run->second.second - run->second.first);
                    for (auto i = run->second.first; i < run->second.second; ++i)
                        pass_on(range.room_id, r,
                                r.stream.offer_read((*read)[i].seq, room_event_of((*read)[i])));
                }
                r.stream.read_done(read.has_value(), count);
                if (auto owed = r.stream.owed_read())
                    next.push_back({range.room_id, owed->after, owed->through});
                else if (r.stream.waits_for_timer())
                    arm_gap_timer();
            }
            if (!next.empty()) read_into_streams(std::move(next));
        });
    });
}

// --- leaving, lists, history ------------------------------------------------------------------

void room_shard::leave(std::shared_ptr<connection> c, id_t room, request_token done) {
    on_strand([this, c = std::move(c), room, done = std::move(done)] {
        if (auto* p = pending(room, *c))
            return p->waiting.push_back([this, c, room, done] { leave(c, room, done); });
        leave_now(c, room);
    });
}

void room_shard::leave_now(const std::shared_ptr<connection>& c, id_t room) {
    if (registry_.leave(room, *c).last_for_user && services_.presence.left(room, c->user_id()))
        to_room(room, member_left_event(room, c->username(), c->user_id()));
    watchers_.set_joined(room, *c, false);
    deactivate_if_idle(room);
}

void room_shard::watch(std::shared_ptr<connection> c, id_t room, bool announce) {
    on_strand([this, c = std::move(c), room, announce] {
        if (c->closed()) return;  // closed() ran before, or runs after and sees nothing to undo
        const bool joined = registry_.contains(room, *c) || pending(room, *c) != nullptr;
        if (watchers_.watch(room, c, joined)) activate(room);
        // Told even when it already watches the room: its room list may have been read from
        // the store after the membership was made, yet the client's list (read over REST
        // before) lacks it. `room_added` is idempotent for a client, a missed one is not.
        if (announce) c->send(room_added_event(room));
    });
}

void room_shard::closed(std::shared_ptr<connection> c) {
    on_strand([this, c = std::move(c)] {
        for (id_t room : watchers_.remove_connection(*c)) deactivate_if_idle(room);
        std::vector<id_t> rooms;
        for (auto& [room, r] : active_)
            if (pending(room, *c)) rooms.push_back(room);
        for (id_t room : rooms) take_pending(room, *c);  // its waiting requests are dropped
        for (id_t room : registry_.rooms_of(*c)) leave_now(c, room);
        for (id_t room : rooms) deactivate_if_idle(room);
    });
}

void room_shard::list(std::shared_ptr<connection> c, id_t room, request_token done) {
    on_strand([this, c = std::move(c), room, done = std::move(done)] {
        if (!joined_now(c, room, [this, c, room, done] { list(c, room, done); })) return;
        boost::asio::post(services_.blocking, [this, c, room, done] {
            auto members = services_.rooms.members(room);
            if (!members)
                return (void)reply_error(*c, services_.metrics.ws_errors, unavailable, room);
            c->send(list_event(room, member_views(*members, services_.presence.online_in(room))));
        });
    });
}

void room_shard::history(std::shared_ptr<connection> c, history_request req, request_token done) {
    on_strand([this, c = std::move(c), req, done = std::move(done)] {
        if (!joined_now(c, req.room_id, [this, c, req, done] { history(c, req, done); })) return;
        // A page read is heavy work: users take turns, and one with too many waiting is told
        // to come back (as for a rate limit: nothing was done).
        const bool queued = services_.work.try_post(
            throttle::work_kind::heavy, "user " + std::to_string(c->user_id()),
            [this, c, req, done] {
                using from = store::page_request::from;
                const auto range =
                    req.after_seq ? store::page_request{from::after_seq, *req.after_seq, req.limit}
                    : req.around_seq
                        ? store::page_request{from::around_seq, *req.around_seq, req.limit}
                        : store::page_request{from::before_seq, req.before_seq.value_or(INT64_MAX),
                                              req.limit};
                auto page = services_.log.read(req.room_id, range);
                if (!page)
                    return (void)reply_error(*c, services_.metrics.ws_errors, unavailable,
                                             req.room_id);
                c->send(
                    history_event(req.room_id, *page, c->user_id(), req.around_seq.has_value()));
            });
        if (!queued) {
            services_.metrics.ws_errors.add("rate_limited");
            c->send(rate_limited_event(limits::busy_retry_after, req.room_id));
        }
    });
}

// --- typing ------------------------------------------------------------------------------------

void room_shard::typing(std::shared_ptr<connection> c, id_t room, request_token done) {
    on_strand([this, c = std::move(c), room, done = std::move(done)] {
        if (!joined_now(c, room, [this, c, room, done] { typing(c, room, done); })) return;
        const auto now = std::chrono::steady_clock::now();
        auto& last = typing_at_[{room, c->user_id()}];
        if (last != std::chrono::steady_clock::time_point{} && now - last < limits::typing_interval)
            return;  // passed on a moment ago: the others still show it
        last = now;
        if (typing_at_.size() > 1024) forget_typing(now);
        services_.bus.publish_control({bus::control_event::kind::typing,
                                       room,
                                       c->user_id(),
                                       {},
                                       0,
                                       std::string(c->username())});
    });
}

void room_shard::forget_typing(std::chrono::steady_clock::time_point now) {
    std::erase_if(typing_at_,
                  [&](const auto& entry) { return now - entry.second >= limits::typing_interval; });
}

void room_shard::typing_heard(id_t room, id_t user, std::string name) {
    on_strand([this, room, user, name = std::move(name)] {
        hand_out_per_home(registry_.by_home(room),
                          [notice = typing_event(room, name, user), user](const connection& c) {
                              return c.user_id() == user ? nullptr : notice;
                          });
    });
}

// --- membership changes from REST -------------------------------------------------------------

void room_shard::remove_user(id_t room, id_t user) {
    on_strand([this, room, user] {
        std::vector<std::shared_ptr<connection>> gone = registry_.remove_user(room, user);
        if (!gone.empty() && services_.presence.left(room, user))
            to_room(room, member_left_event(room, gone.front()->username(), user));
        if (auto it = active_.find(room); it != active_.end())
            for (const auto& p : it->second.joins.all())
                if (p.conn->user_id() == user) gone.push_back(p.conn);
        const auto notice = room_removed_event(room, "removed");
        for (const auto& w : watchers_.remove_user(room, user)) w->send(notice);
        evict(room, gone, "removed");
    });
}

void room_shard::presence_changed(id_t room, id_t user, std::string name, std::string client_id,
                                  bool present) {
    on_strand(
        [this, room, user, name = std::move(name), client_id = std::move(client_id), present] {
            to_room(room, present ? member_joined_event(room, name, user, client_id)
                                  : member_left_event(room, name, user));
        });
}

void room_shard::close_room(id_t room) {
    on_strand([this, room] {
        auto gone = registry_.remove_room(room);
        std::unordered_set<id_t> users;
        for (const auto& c : gone)
            if (users.insert(c->user_id()).second) services_.presence.left(room, c->user_id());
        if (auto it = active_.find(room); it != active_.end())
            for (const auto& p : it->second.joins.all()) gone.push_back(p.conn);
        const auto notice = room_removed_event(room, "deleted");
        for (const auto& w : watchers_.remove_room(room)) w->send(notice);
        evict(room, gone, "deleted");
    });
}

void room_shard::evict(id_t room, const std::vector<std::shared_ptr<connection>>& conns,
                       std::string_view reason) {
    const auto notice = removed_event(room, reason);
    for (const auto& c : conns) {
        c->send(notice);
        // A join in flight ends here; requests that waited for it now find no membership.
        if (auto p = take_pending(room, *c))
            for (auto& request : p->waiting) request();
    }
    deactivate_if_idle(room);
}

}  // namespace parley::chat

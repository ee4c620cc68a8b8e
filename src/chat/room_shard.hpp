#pragma once
// The ordering point of a slice of the rooms: join, leave, admission and fan-out, in order.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "bus/bus.hpp"
#include "bus/presence.hpp"
#include "chat/append_gatherer.hpp"
#include "chat/connection.hpp"
#include "chat/protocol.hpp"
#include "chat/room_joins.hpp"
#include "chat/room_registry.hpp"
#include "chat/room_stream.hpp"
#include "chat/room_watchers.hpp"
#include "metrics/node_metrics.hpp"
#include "store/message_log.hpp"
#include "store/rooms.hpp"
#include "throttle/work_scheduler.hpp"

namespace parley::chat {

/// Settings of the room protocol.
struct chat_options {
    protocol_limits limits;
    int history_limit = 100;  ///< messages sent with `joined`
    /// How long a frame may wait for a missing predecessor before the gap is read from the log.
    std::chrono::milliseconds gap_timeout{200};
    /// Rate limits of chat requests (the server passes its configuration's).
    abuse_limits abuse = abuse_limits::none();
    /// How often each shard compares its rooms' last seqs in the log with what their streams
    /// passed on, and reads what they lack (0: never; a bus that loses nothing needs none).
    std::chrono::milliseconds reconcile_every{0};
};

/// What the shards use; everything must outlive them.
struct shard_services {
    store::rooms& rooms;
    store::message_log& log;
    bus::bus& bus;
    bus::presence& presence;
    boost::asio::any_io_executor blocking;  ///< where store calls run: never on a shard
    throttle::work_scheduler& work;         ///< the same pool, for a client's heavy reads (history)
    /// The network threads' executors, by index (connection::home()); shard i runs on
    /// homes[i % homes.size()]. At least one.
    std::vector<boost::asio::any_io_executor> homes;
    metrics::node_metrics& metrics;  ///< frames sent, fan-out latency, errors sent
};

/// Owns the live state of the rooms that map to it (room id mod the number of shards).
///
/// The shard lives on one network thread (`executor`). Every public method hands its work to
/// the shard's strand there (running it at once on the calling thread when the strand is free) and
/// never blocks; the state is touched only there, so it needs no lock, and rooms on different
/// shards never wait for each other. Store calls run on the blocking pool and come back to the
/// strand; appends go to the message log, whose completions come back to the strand too.
///
/// Order: a room's messages reach its connections in seq order, each once, through the room's
/// seq gate (fed by the bus). A join registers the connection for buffering *before* its
/// snapshot is read, so frames that pass while the snapshot is in flight are kept for it and
/// the ones the snapshot lacks follow `joined`: nothing falls between the two, nothing comes
/// twice. Requests a connection sends for a room while its join is in flight wait for it.
class room_shard {
  public:
    room_shard(boost::asio::any_io_executor executor, const shard_services& services,
               const chat_options& options);
    room_shard(const room_shard&) = delete;
    room_shard& operator=(const room_shard&) = delete;

    void join(std::shared_ptr<connection> c, join_request req, request_token done);
    void send(std::shared_ptr<connection> c, send_request req, request_token done);
    /// An edit, deletion or reaction of a message by a connection joined to its room: stored as
    /// the room's next event, acked to the sender and delivered to the room like a message.
    void change(std::shared_ptr<connection> c, change_request req, request_token done);
    /// `c`'s user is typing in `room`: the room's connections on every node hear `typing`, at
    /// most once per limits::typing_interval per user and room.
    void typing(std::shared_ptr<connection> c, id_t room, request_token done);
    /// From the bus: `user` is typing in `room`; this node's connections of other users in the
    /// room hear it.
    void typing_heard(id_t room, id_t user, std::string name);
    void leave(std::shared_ptr<connection> c, id_t room, request_token done);
    void list(std::shared_ptr<connection> c, id_t room, request_token done);
    void history(std::shared_ptr<connection> c, history_request req, request_token done);
    /// `c`, a connection of a member of `room`, hears `room_activity` for the room's messages
    /// while not joined to it; with `announce` it is told `room_added` first (it just became a
    /// member). Dropped for a connection already closed.
    void watch(std::shared_ptr<connection> c, id_t room, bool announce);
    /// `c` is gone: it leaves its rooms on this shard and stops watching them.
    void closed(std::shared_ptr<connection> c);
    /// A room's message from the bus (any order, maybe twice); runs inline when already on
    /// the shard's strand.
    void deliver(id_t room, std::int64_t seq, bus::room_event e);
    /// The bus may have missed `room`'s frames until now (its subscription just took effect,
    /// for the first time or again after the bus reconnected): what the log holds after the
    /// last seq passed on is read and passed on, in order, each once. With the room's
    /// `last_seq` in the log known, nothing is read when the gate has delivered that far.
    void catch_up(id_t room, std::optional<std::int64_t> last_seq = std::nullopt);
    /// catch_up() for many rooms at once, each with its last seq in the log: the rooms whose
    /// gate is behind are read together, in reads of at most limits::catch_up_batch_messages.
    void catch_up_many(std::vector<std::pair<id_t, std::int64_t>> last_seqs);
    /// A user is no longer a member: their connections leave, each told `removed`.
    void remove_user(id_t room, id_t user);
    /// On another node, `user` became present in `room` (or stopped being): this node's
    /// connections in the room hear member_joined (member_left).
    void presence_changed(id_t room, id_t user, std::string name, std::string client_id,
                          bool present);
    /// A room was deleted: every connection leaves, told `removed` with "deleted".
    void close_room(id_t room);

  private:
    struct active_room {
        room_stream stream;
        room_joins joins;
        std::uint64_t generation = 0;  // tells this activation from a later one of the room
    };
    /// A message the log has finished with, on its way back to the strand.
    struct saved_item {
        std::shared_ptr<connection> conn;
        store::result<store::saved_message> saved;
        std::optional<std::string> client_msg_id;
        request_token done;
        store::event_kind kind = store::event_kind::message;
        bool reply = false;  ///< a message answering another
        id_t room = 0;
    };
    struct room_and_user_hash {
        std::size_t operator()(const std::pair<id_t, id_t>& k) const noexcept {
            return std::hash<id_t>{}(k.first * 1000003 ^ k.second);
        }
    };

    template <class F>
    void on_strand(F&& f);
    /// The pending join of `c` in `room`, if any: requests then wait for it.
    room_joins::pending* pending(id_t room, const connection& c);
    /// On the strand, at the start of every request of `c` about `room`: true if `c` is joined to
    /// the room now. Otherwise false, and `again` (the request itself) waits behind c's join of
    /// the room in flight and runs once it ends, or, with no join in flight, c hears not_joined
    /// (with `client_msg_id`). The one place where requests meet joins.
    bool joined_now(const std::shared_ptr<connection>& c, id_t room, std::function<void()> again,
                    const std::optional<std::string>& client_msg_id = std::nullopt);
    active_room& activate(id_t room);
    void deactivate_if_idle(id_t room);
    /// Reads the snapshots of the room's joins not yet being read, all in one batch; the joins
    /// that come meanwhile wait for the next batch.
    void read_joins(id_t room);
    /// A batch's snapshots are back: each join finishes, and the joins that came meanwhile are
    /// read next. Dropped if the room was deactivated since (`generation` differs).
    void joins_read(id_t room, std::uint64_t generation,
                    const std::vector<std::shared_ptr<connection>>& conns,
                    join_batch_result& batch);
    void finish_join(const std::shared_ptr<connection>& c, id_t room, outcome<join_snapshot> snap);
    /// Drops kept pages once they are too old to reuse, every join_page_reuse while any are kept.
    void arm_pages_timer();
    /// Takes `c`'s pending join out of the room, if it is still there.
    std::optional<room_joins::pending> take_pending(id_t room, const connection& c);
    void pass_on(id_t room, active_room& r, std::vector<room_stream::item> items);
    /// Hands a message to the room's connections: once to each network thread, which then
    /// writes it to all of its recipients in one turn (at once on this thread).
    void fan_out(id_t room, std::int64_t seq, const frame& f);
    /// The same road for room events without a seq: once to each network thread of `batches`,
    /// where each connection gets the frame `pick(const connection&)` chooses (nullptr: none).
    /// `pick` runs on those threads: it must own what it uses.
    template <class Pick>
    void hand_out_per_home(const std::vector<home_batch>& batches, Pick pick);
    /// `f` to every connection joined to `room` except `except`, by hand_out_per_home.
    void to_room(id_t room, frame f, const connection* except = nullptr);
    /// From the log's thread: queues a completion, waking the strand once per burst.
    void completed(saved_item item);
    void drain_saved();
    /// Hands a message or change of `c` to the log once `c` is joined to its room (after a join
    /// in flight; not_joined otherwise), stamped with the time in the room's order; the
    /// completion comes back through completed().
    void write(std::shared_ptr<connection> c, store::new_message msg, request_token done);
    void on_saved(saved_item& item);
    /// What the sender hears when the log refused its message or change.
    static failure refusal(const saved_item& item);
    /// Drops typing times older than limits::typing_interval.
    void forget_typing(std::chrono::steady_clock::time_point now);
    void leave_now(const std::shared_ptr<connection>& c, id_t room);
    /// Connections leave because of the room, not by their choice: told `reason`.
    void evict(id_t room, const std::vector<std::shared_ptr<connection>>& conns,
               std::string_view reason);
    void arm_gap_timer();
    /// Every options.reconcile_every: the rooms whose stream started are checked against the
    /// log's last seqs (one query) and caught up where behind. Closes whatever a lossy bus
    /// dropped with no later frame to reveal the gap (another node's publishes lost while its
    /// link was down).
    void arm_reconcile_timer();
    /// Reads the gaps of every room whose stream misses frames.
    void fill_gaps();
    /// Reads several rooms' ranges in one query and offers each room's events to its stream;
    /// then the reads the streams still owe, together.
    void read_into_streams(std::vector<store::seq_range> ranges);

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    shard_services services_;
    const chat_options& options_;
    room_registry registry_;
    room_watchers watchers_;
    std::unordered_map<id_t, active_room> active_;  // rooms subscribed on the bus
    std::uint64_t activations_ = 0;
    boost::asio::steady_timer gap_timer_;
    bool gap_timer_armed_ = false;
    boost::asio::steady_timer reconcile_timer_;
    boost::asio::steady_timer pages_timer_;
    bool pages_timer_armed_ = false;
    // when each (room, user) last passed `typing` on
    std::unordered_map<std::pair<id_t, id_t>, std::chrono::steady_clock::time_point,
                       room_and_user_hash>
        typing_at_;
    append_gatherer appends_;  // a turn's appends, to the log in one call
    std::mutex saved_mutex_;
    std::vector<saved_item> saved_;  // GUARDED_BY(saved_mutex_): completions not yet drained
};

}  // namespace parley::chat

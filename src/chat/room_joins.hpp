#pragma once
// The joins of one room while their snapshots are read.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "chat/connection.hpp"
#include "chat/join_batch.hpp"
#include "chat/room_stream.hpp"

namespace parley::chat {

/// Reports a request done to its connection when the last copy goes away.
using request_token = std::shared_ptr<void>;

/// One room's joins in flight on its shard: who waits for a snapshot, which are being read
/// (one batch at a time), the frames passed on meanwhile (each join keeps what its snapshot
/// lacks), the connection's later requests that wait behind its join, and the history pages the
/// last batch read, which the next batch reuses while they are current.
///
/// Pure state without I/O or locks: the room's shard reads the batches and runs the waiting
/// requests. One per active room, used on the shard's strand only.
class room_joins {
  public:
    struct pending {
        std::shared_ptr<connection> conn;
        std::optional<std::int64_t> since;
        request_token done;
        bool reading = false;                        ///< its snapshot is being read
        std::vector<room_stream::item> buffered;     ///< frames passed on while it loads
        std::vector<std::function<void()>> waiting;  ///< the connection's later requests
    };
    /// Joins to read together: their connections and what to read for each, in one order.
    struct batch {
        std::vector<std::shared_ptr<connection>> conns;
        std::vector<join_read> reads;
    };
    using clock = std::chrono::steady_clock;

    [[nodiscard]] bool empty() const { return joins_.empty(); }
    [[nodiscard]] const std::vector<pending>& all() const { return joins_; }
    /// `c`'s join in flight, if any (its later requests wait in `waiting`).
    pending* find(const connection& c);
    /// Takes `c`'s join out, if it is still there.
    std::optional<pending> take(const connection& c);

    /// Adds `c`'s join. Returns true when its batch is to be read now (next_batch()); false
    /// while a batch is being read: it comes back through batch_read().
    bool add(std::shared_ptr<connection> c, std::optional<std::int64_t> since, request_token done);
    /// The joins not being read yet, marked as read from now; empty with a batch in flight or
    /// no join left.
    batch next_batch();
    /// The batch in flight came back at `now` with the history pages it read.
    void batch_read(join_pages pages_read, clock::time_point now);
    /// Every join in flight keeps a frame the room passed on: its snapshot may lack it.
    void passed(const room_stream::item& item);

    /// The pages still current to hand to the next batch: read within limits::join_page_reuse
    /// before `now`, with nothing passed on after them (the stream has `delivered` up to their
    /// last seq; nothing while the stream has not started). Drops the others.
    join_pages current_pages(std::optional<std::int64_t> delivered, clock::time_point now);
    /// Drops the pages too old to reuse at `now`; returns whether any are kept.
    bool forget_old_pages(clock::time_point now);

  private:
    std::vector<pending> joins_;
    bool reading_ = false;  // a batch is being read
    join_pages pages_;      // what the last batches read
    clock::time_point pages_read_at_;
};

}  // namespace parley::chat

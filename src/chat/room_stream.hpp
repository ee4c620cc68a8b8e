#pragma once
// One room's stream of events on this node: its seq gate and the reads that repair it.
#include <cstdint>
#include <optional>
#include <vector>

#include "chat/seq_gate.hpp"

namespace parley::chat {

/// A room's frames, in seq order and each once, whatever the bus does: the room's seq_gate plus
/// the bookkeeping of the reads from the message log that fill its gaps and catch it up after
/// the bus may have missed frames.
///
/// Pure state without I/O or locks, like seq_gate: the room's shard does the reads (at most one
/// at a time per room) and the gap timer, and tells the stream what came back. Frames it returns
/// are to be passed on in that order.
class room_stream {
  public:
    using item = seq_gate::item;
    /// A read the owner must make from the log: the room's events with seq in (after, through].
    struct log_read {
        std::int64_t after = 0;
        std::int64_t through = 0;
    };

    /// Whether the stream has started (a snapshot or a watched frame told where).
    [[nodiscard]] bool started() const { return gate_.started(); }
    /// The last seq passed on.
    [[nodiscard]] std::int64_t delivered() const { return gate_.delivered(); }
    /// Seqs known missing past the frames passed on, waiting for the gap timer.
    [[nodiscard]] bool missing() const { return gate_.missing().has_value(); }

    /// Starts after `base`, the last seq of the room's first join snapshot (seq_gate::start).
    /// A catch-up asked before the start is then owed: see owed_read().
    std::vector<item> start(std::int64_t base) { return gate_.start(base); }
    /// A frame from the bus. A stream not started yet with no join in flight (`join_waiting`
    /// false: the room is only watched, and watchers need no history) starts at this frame.
    std::vector<item> offer(std::int64_t seq, bus::room_event e, bool join_waiting);
    /// A frame read from the log (by a log_read this stream asked for).
    std::vector<item> offer_read(std::int64_t seq, bus::room_event e) {
        return gate_.offer(seq, std::move(e));
    }

    /// The bus may have missed frames until the room's last seq in the log, `last_seq` (unknown:
    /// nothing). Returns the read to make now, or nothing: nothing missed, or the read is owed
    /// until the stream starts, the read in flight ends or a failed read's retry comes (the gap
    /// timer). A read covers at most
    /// limits::gap_fill_max seqs; the rest is owed.
    std::optional<log_read> catch_up(std::optional<std::int64_t> last_seq);
    /// For the gap timer: the read to make now, if any: a catch-up owed since a read failed,
    /// else the gap before the first held frame (none while a read is in flight).
    std::optional<log_read> timer_read();
    /// The read in flight ended: `read_ok` tells whether the log answered and `count` how many
    /// events it returned (offered with offer_read() before this). A failed read stays owed until
    /// one succeeds, retried at the gap timer's pace (waits_for_timer()). Then the owner asks
    /// owed_read(), and with nothing to read now arms the gap timer if waits_for_timer().
    void read_done(bool read_ok, std::int64_t count);
    /// The catch-up owed, if any, as a read to make now (nothing while not started, reading, or
    /// waiting to retry a failed read).
    std::optional<log_read> owed_read();
    /// Whether the gap timer has work here: frames missing, or a failed read to retry.
    [[nodiscard]] bool waits_for_timer() const { return retrying_ || gate_.missing(); }

  private:
    /// Remembers that the stream must catch up until `until` (INT64_MAX: the log's end).
    void owe(std::int64_t until);
    std::optional<log_read> begin_read(std::int64_t after, std::int64_t through, bool to_the_end);

    seq_gate gate_;
    std::optional<log_read> reading_;  // the read in flight
    bool reading_to_the_end_ = false;  // it reads on if it comes back full (last seq unknown)
    bool retrying_ = false;            // a read failed: what it owes waits for the gap timer
    std::optional<std::int64_t> owed_;
};

}  // namespace parley::chat

#pragma once
// Puts one room's frames back into seq order on the node that receives them.
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "chat/protocol.hpp"

namespace parley::chat {

/// One room's receiving gate: passes frames on in seq order, each once.
///
/// A bus may deliver a frame twice, late, or not at all. The gate drops what it has passed on
/// already, holds a frame that comes early (n+2 before n+1) until the gap is filled, and says
/// which seqs are missing so the owner can fetch them from the message log after a timeout.
/// Until start() it holds everything: the first snapshot of the room tells where it begins.
/// Pure bookkeeping without I/O or locks; the room's shard owns it.
class seq_gate {
  public:
    struct item {
        std::int64_t seq;
        bus::room_event event;
    };
    /// Seqs known to be missing: those in (after, before).
    struct gap {
        std::int64_t after;
        std::int64_t before;
    };

    /// Whether start() has been called.
    [[nodiscard]] bool started() const { return delivered_.has_value(); }
    /// The last seq passed on (or known from the snapshot); 0 before start().
    [[nodiscard]] std::int64_t delivered() const { return delivered_.value_or(0); }

    /// Starts after `base`, the last seq a snapshot of the room holds. Returns every frame held
    /// so far that is now in order, oldest first, including those at or below `base` (a join
    /// whose snapshot is older still needs them); frames beyond a gap stay held.
    std::vector<item> start(std::int64_t base);
    /// Takes a frame. Returns the frames now in order, oldest first: none for a duplicate or
    /// for one that is early (held), several when it fills a gap. Before start(), holds it.
    std::vector<item> offer(std::int64_t seq, bus::room_event e);
    /// The seqs missing before the first held frame, if any frame is held past a gap.
    [[nodiscard]] std::optional<gap> missing() const;

  private:
    /// Moves held frames that follow delivered_ without a gap into `out`.
    void release_in_order(std::vector<item>& out);

    std::optional<std::int64_t> delivered_;
    std::map<std::int64_t, bus::room_event> held_;
};

}  // namespace parley::chat

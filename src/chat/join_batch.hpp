#pragma once
// The snapshots of many joins of one room, read together: a reconnect storm costs a room a few
// queries, not a few per client.
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "failure.hpp"
#include "store/message_log.hpp"
#include "store/rooms.hpp"

namespace parley::chat {

using id_t = std::int64_t;

/// What a connection sees when its join succeeds: the members and the history it lacks.
struct join_snapshot {
    std::vector<store::member> members;
    store::page history;
};

/// One join waiting for its snapshot.
struct join_read {
    id_t user = 0;
    std::optional<std::int64_t> since;  ///< the last seq the client has, if it said so
};

/// History pages by the `since` they were read after (nullopt: the newest page).
using join_pages = std::map<std::optional<std::int64_t>, store::page>;

/// What a batch read: a snapshot per join, and the history pages it read (to reuse).
struct join_batch_result {
    std::vector<outcome<join_snapshot>> snapshots;
    join_pages pages_read;
    std::vector<id_t> added;  ///< users who joined a public group and are members from now on
};

/// Reads the snapshots of `joins` of `room`, one result per join in the same order.
///
/// The room and its members are read once; a user who may not see the room gets forbidden
/// (room_not_found if the room is gone), one who may join a public group is added first. The
/// history is read once for the joins without `since` (the newest `limit` messages) and once for
/// those with one, from the smallest `since`, each join taking its slice: at most `limit`
/// messages after its own `since`. When the `since`s lie more than `limits::join_backfill_spread`
/// apart, each distinct `since` is read on its own. `known` holds pages still current (the
/// caller checked that nothing was stored after them): the newest page serves joins without
/// `since`, a page that reached the room's end serves joins from its `since` on; neither is
/// read again. Blocking: call on the blocking pool.
[[nodiscard]] join_batch_result read_join_batch(store::rooms& rooms, store::message_log& log,
                                                id_t room, const std::vector<join_read>& joins,
                                                int limit, join_pages known);

/// The first `limit` messages of `p` after `since`, with has_more set when `p` holds more after
/// them or had more itself. Pure.
[[nodiscard]] store::page slice_after(const store::page& p, std::int64_t since, int limit);

}  // namespace parley::chat

#pragma once
// A room's recipients grouped by network thread, so a frame crosses to each thread once.
#include <cstdint>
#include <memory>
#include <vector>

#include "chat/connection.hpp"

namespace parley::chat {

/// One connection in a room, and the newest seq its join snapshot already held.
struct recipient {
    std::shared_ptr<connection> conn;
    std::int64_t min_seq = 0;
};
using recipient_list = std::vector<recipient>;

/// The recipients of a room that live on one network thread. The list is immutable once
/// built, so a fan-out in flight on that thread keeps a consistent copy while the room changes.
struct home_batch {
    unsigned home = 0;
    std::shared_ptr<const recipient_list> recipients;
};

/// Groups connections by home (connection::home()), homes in ascending order.
std::vector<home_batch> group_by_home(const recipient_list& all);

/// Hands message number `seq` to every recipient whose snapshot did not hold it, through
/// connection::send_here; returns how many got it. Call on the recipients' home thread.
std::size_t deliver_to(const recipient_list& recipients, std::int64_t seq, const frame& f);

/// Hands each recipient the frame `pick(const connection&)` chooses for it (nullptr: none)
/// through connection::send_here; returns how many got one. For room events without a seq
/// (activity, typing, presence). Call on the recipients' home thread.
template <class Pick>
std::size_t hand_out(const recipient_list& recipients, const Pick& pick) {
    std::size_t sent = 0;
    for (const auto& r : recipients)
        if (const frame f = pick(*r.conn)) {
            r.conn->send_here(f);
            ++sent;
        }
    return sent;
}

}  // namespace parley::chat

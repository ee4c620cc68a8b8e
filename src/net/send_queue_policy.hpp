#pragma once
// When a client that falls behind is cut off: one rule, kept apart from the socket code so that
// it can be read and tested on its own.
#include <cstddef>
#include <cstdint>

#include "config.hpp"

namespace parley::net {

/// What a client's send queue says about it as a frame is added.
enum class queue_verdict {
    keeping_up,  ///< little waits: nothing to watch
    behind,      ///< more than a few socket buffers wait: cut off if no write ends for a while
    cut_off,     ///< close it now (1008)
};

/// `queued`: the client's bytes waiting, the new frame included; `node_queued()`: every socket's
/// of the node together, asked only of a client that is behind (the node's counter is written
/// by every thread: reading it for every frame would cost each one a cache miss). Past
/// max_send_queue_bytes a client is cut off reading or not; while the node holds more than
/// max_total_send_queue_bytes, so is every client that is behind (the ones furthest behind are
/// the ones past stalled_reader_bytes). Pure.
template <class NodeQueued>
[[nodiscard]] queue_verdict judge_send_queue(std::size_t queued, NodeQueued node_queued,
                                             const server_config& config) {
    if (queued > config.max_send_queue_bytes) return queue_verdict::cut_off;
    if (queued <= limits::stalled_reader_bytes) return queue_verdict::keeping_up;
    if (node_queued() > static_cast<std::int64_t>(config.max_total_send_queue_bytes))
        return queue_verdict::cut_off;
    return queue_verdict::behind;
}

}  // namespace parley::net

#pragma once
// What one node counts for /metrics, owned by the server and shared by reference.
#include <atomic>
#include <cstdint>

#include "metrics/instruments.hpp"

namespace parley::metrics {

/// The instruments the network and chat layers update as they work. Counts the store and the
/// rate limiters keep themselves are read from them when /metrics is scraped. Every member is
/// thread-safe; the server owns one and it outlives every user.
struct node_metrics {
    counter frames_sent;             ///< event frames handed to sockets
    labeled_counter ws_errors;       ///< WebSocket `error` events by code
    labeled_counter http_responses;  ///< REST answers by status
    /// From a stored message reaching its room's shard to its frame being queued for every
    /// recipient on one network thread (observed once per message and thread).
    latency_histogram fanout_seconds;
    /// Rooms with a socket on this node (subscribed on the bus).
    std::atomic<std::int64_t> active_rooms{0};
    /// Bytes accepted for sockets and not yet written, over every connection; each connection's
    /// share is brought up to date when a write ends and every 16 KiB appended in between.
    std::atomic<std::int64_t> send_queue_bytes{0};
};

}  // namespace parley::metrics

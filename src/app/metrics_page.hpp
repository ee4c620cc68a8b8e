#pragma once
// What /metrics says about one node, gathered from the parts that count.
#include <string>

#include "api/throttles.hpp"
#include "chat/chat_service.hpp"
#include "metrics/node_metrics.hpp"
#include "net/bounded_pool.hpp"
#include "net/connection_tracker.hpp"
#include "store/message_log.hpp"
#include "throttle/work_scheduler.hpp"

namespace parley::app {

/// The parts of a node that /metrics reads. References; they outlive every scrape.
struct metrics_sources {
    const metrics::node_metrics& node;
    const net::connection_tracker& connections;
    const store::message_log& log;
    const chat::chat_service& chat;
    const api::rest_throttles& throttles;
    const net::bounded_pool& hashing;
    const throttle::work_scheduler& blocking;
    const bus::bus& bus;
};

/// The Prometheus text exposition of every metric (docs/deploy.md lists them). Any thread.
std::string render_metrics(const metrics_sources& s);

}  // namespace parley::app

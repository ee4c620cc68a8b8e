#include "app/metrics_page.hpp"

#include "app/process_stats.hpp"
#include "metrics/exposition.hpp"

namespace parley::app {

std::string render_metrics(const metrics_sources& s) {
    metrics::exposition out;
    out.info("parley_build_info", "The running build of Parley", {{"version", PARLEY_VERSION}});
    if (const auto p = read_process_stats()) {
        out.counter("process_cpu_seconds_total", "User and system CPU time spent, in seconds",
                    p->cpu_seconds);
        out.gauge("process_resident_memory_bytes", "Resident memory", p->resident_bytes);
        out.gauge("process_virtual_memory_bytes", "Virtual memory", p->virtual_bytes);
        out.gauge("process_open_fds", "Open file descriptors", p->open_fds);
        out.gauge("process_max_fds", "The limit on open file descriptors", p->max_fds);
        out.gauge("process_start_time_seconds", "When the process started, since the epoch",
                  p->start_time_seconds);
    }
    const auto log = s.log.stats();
    out.gauge("parley_connections", "Open WebSocket connections on this node",
              static_cast<double>(s.connections.size()));
    out.gauge("parley_active_rooms", "Rooms with at least one socket on this node",
              static_cast<double>(s.node.active_rooms.load()));
    out.counter("parley_messages_stored_total", "Chat messages stored (retries not counted)",
                log.appended);
    out.counter("parley_commits_total", "Message log transactions that stored messages",
                log.commits);
    out.counter("parley_message_save_failures_total", "Messages the store could not save",
                log.failed);
    out.gauge("parley_message_queue_depth", "Messages waiting for the next group commit",
              static_cast<double>(log.queued));
    out.gauge("parley_bus_up",
              "Whether the bus reaches the other nodes (1; always with one node), else 0",
              s.bus.healthy() ? 1.0 : 0.0);
    out.counter("parley_bus_publishes_dropped_total",
                "Messages and events not published to other nodes because the bus was away",
                static_cast<double>(s.bus.publishes_dropped()));
    out.gauge("parley_hashing_jobs", "Password hashing requests queued or running",
              static_cast<double>(s.hashing.jobs()));
    out.labeled_counter(
        "parley_blocking_refused_total",
        "Requests answered busy because the blocking pool's queue was full, by kind", "kind",
        std::map<std::string, std::uint64_t, std::less<>>{
            {"interactive", s.blocking.refused(throttle::work_kind::interactive)},
            {"heavy", s.blocking.refused(throttle::work_kind::heavy)}});
    out.gauge("parley_blocking_waiting", "Store and other blocking jobs queued, not yet started",
              static_cast<double>(s.blocking.waiting(throttle::work_kind::interactive) +
                                  s.blocking.waiting(throttle::work_kind::heavy)));
    out.counter("parley_frames_sent_total", "Message frames queued for sockets",
                s.node.frames_sent.value());
    out.gauge("parley_send_queue_bytes", "Bytes queued for sockets and not yet written",
              static_cast<double>(s.node.send_queue_bytes.load()));
    out.histogram("parley_commit_duration_seconds",
                  "Time to store and commit one batch of messages", log.commit_seconds);
    out.histogram("parley_fanout_duration_seconds",
                  "From a stored message reaching its room to its frame queued for every "
                  "recipient on one network thread",
                  s.node.fanout_seconds.read());
    out.labeled_counter("parley_ws_errors_total", "WebSocket error events sent, by code", "code",
                        s.node.ws_errors.values());
    out.labeled_counter("parley_http_responses_total", "HTTP responses, by status", "status",
                        s.node.http_responses.values());
    auto refused = s.chat.refusals();
    refused.merge(s.throttles.refusals());
    out.labeled_counter("parley_rate_limited_total", "Requests refused by a rate limit, by limit",
                        "limit", refused);
    return out.text();
}

}  // namespace parley::app

#pragma once
// The composition root: one Parley node built from its settings and its database.
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <thread>
#include <vector>

#include "api/router.hpp"
#include "auth/accounts.hpp"
#include "bus/bus.hpp"
#include "bus/shared_presence.hpp"
#include "chat/chat_service.hpp"
#include "config.hpp"
#include "files/file_service.hpp"
#include "files/file_sweeper.hpp"
#include "net/connection_tracker.hpp"
#include "net/listener.hpp"
#include "net/memory_trimmer.hpp"
#include "net/metrics_listener.hpp"
#include "net/network_threads.hpp"
#include "net/server_context.hpp"
#include "net/session_checker.hpp"
#include "net/tls.hpp"
#include "store/bundle.hpp"

namespace parley::app {

/// Owns the threads, the listener and the services of one node.
///
/// Network work runs on `config.threads` threads, each with its own io_context, and each
/// connection stays on the thread that accepted it; rooms are spread over room shards, each a
/// strand on one of the same threads; store calls and password hashing
/// run on a small blocking pool; the message log commits on its own thread. A node alone uses
/// the in-process bus; with `config.redis_url` it shares a Redis bus, and through it presence,
/// with the other nodes.
/// The store parts must outlive the server and be migrated.
class server {
  public:
    /// Binds the listening socket. Throws std::runtime_error if the address cannot be used, the
    /// Redis URL is not one, or the TLS certificate or key cannot be used.
    server(server_config config, store::parts db);
    /// Stops if still running.
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    /// Starts the network threads and returns at once.
    void start();
    /// Graceful stop: no new connections, WebSockets closed with 1001, threads joined, and every
    /// message already accepted written (the message log is drained and closed). Idempotent;
    /// call from any thread but the server's own.
    void stop();

    /// The port actually bound.
    unsigned short port() const { return listener_->port(); }
    /// The port /metrics is served on; 0 without config.metrics_listen.
    unsigned short metrics_port() const {
        return metrics_listener_ ? metrics_listener_->port() : 0;
    }
    /// Number of open WebSocket connections.
    std::size_t connection_count() const { return connections_.size(); }

  private:
    // Declaration order is teardown order reversed: the io_contexts outlive everything that
    // holds sockets, strands or timers.
    server_config config_;
    std::unique_ptr<boost::asio::ssl::context> tls_;  // null without TLS
    metrics::node_metrics metrics_;                   // before everything that counts into it
    net::network_threads network_;
    store::parts db_;
    std::unique_ptr<bus::bus> bus_;
    bus::shared_presence presence_;
    net::connection_tracker connections_;
    net::connection_caps caps_;
    net::connection_caps http_caps_;
    boost::asio::thread_pool blocking_;
    throttle::work_scheduler blocking_work_;  // shares blocking_ between kinds of work and users
    net::bounded_pool hashing_;
    chat::chat_service chat_;
    auth::accounts accounts_;
    // Files, when config.files_dir is set; null otherwise.
    std::unique_ptr<files::blob_store> blobs_;
    std::unique_ptr<files::type_sniffer> sniffer_;
    std::unique_ptr<files::file_service> files_;
    std::unique_ptr<files::file_sweeper> file_sweeper_;
    net::memory_trimmer memory_;
    net::session_checker session_checker_;
    api::rest_throttles throttles_;  // before router_, which refers to it
    api::router router_;
    net::server_context ctx_;
    std::shared_ptr<net::listener> listener_;
    std::shared_ptr<net::metrics_listener> metrics_listener_;  // null without --metrics-listen
    std::atomic<bool> stopped_{false};
};

}  // namespace parley::app

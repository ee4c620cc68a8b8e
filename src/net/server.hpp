#pragma once
// A whole Parley server on one port: REST, the WebSocket at /ws, and static files.
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "api/router.hpp"
#include "auth/accounts.hpp"
#include "chat/chat_service.hpp"
#include "config.hpp"
#include "net/connection_tracker.hpp"
#include "net/listener.hpp"
#include "net/server_context.hpp"
#include "store/job_queue.hpp"

namespace parley::net {

/// Owns the threads, the listener and the services of one server.
///
/// Network work runs on `config.threads` threads, each connection on its own strand; database
/// work and password hashing run on a small blocking pool; room state and message saving run
/// on the store job queue's thread. The store must outlive the server and be migrated.
class server {
public:
    /// Binds the listening socket. Throws std::runtime_error if the address cannot be used.
    server(server_config config, store::store& db);
    /// Stops if still running.
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    /// Starts the network threads and returns at once.
    void start();
    /// Graceful stop: no new connections, WebSockets closed with 1001, queued database writes
    /// finished, threads joined. Idempotent; call from any thread but the server's own.
    void stop();

    /// The port actually bound.
    unsigned short port() const { return listener_->port(); }
    /// Number of open WebSocket connections.
    std::size_t connection_count() const { return connections_.size(); }
    /// Requests waiting for the store thread.
    std::size_t queued_jobs() const { return queue_.queued(); }

private:
    // Declaration order is teardown order reversed: the io_context outlives everything that
    // holds sockets, and the job queue stops (in stop()) before the services it calls go away.
    server_config config_;
    boost::asio::io_context ioc_;
    store::job_queue queue_;
    chat::chat_service chat_;
    chat::presence presence_;
    auth::accounts accounts_;
    api::router router_;
    connection_tracker connections_;
    boost::asio::thread_pool blocking_;
    server_context ctx_;
    std::shared_ptr<listener> listener_;
    std::vector<std::thread> threads_;
    std::atomic<bool> stopped_{false};
};

}  // namespace parley::net

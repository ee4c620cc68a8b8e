#pragma once
// Every open WebSocket session, so shutdown can close them all.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "store/types.hpp"

namespace parley::net {

class websocket_session;

/// A thread-safe set of live sessions, held weakly: a session adds itself once open and is
/// forgotten when destroyed, so its destructor needs nothing from here. Shutdown asks each one
/// still alive to close; a session whose sign-in expires is closed then (4001).
class connection_tracker {
  public:
    /// Expiry timers run on `timers`.
    explicit connection_tracker(boost::asio::any_io_executor timers);
    ~connection_tracker();

    void add(const std::shared_ptr<websocket_session>& s);
    /// Closes `s` with 4001 at `expires_at` (ms since the epoch), when its session ends. One
    /// timer serves every connection (they wait in a heap). Any thread.
    void expire_at(const std::shared_ptr<websocket_session>& s, store::millis_t expires_at);
    /// Asks every live session to close with 1001 (going away).
    void close_all();
    /// Closes every live connection of the session with this token hash (signed out).
    void close_session(const std::string& session);
    /// The token hashes of the sign-in sessions with an open connection, each once.
    std::vector<std::string> open_sessions() const;
    /// Closes (4001) every live connection whose session is one of `ended`.
    void close_sessions(const std::unordered_set<std::string>& ended);
    /// How many sessions are still alive.
    std::size_t size() const;

  private:
    mutable std::mutex mutex_;
    mutable std::vector<std::weak_ptr<websocket_session>> sessions_;  // GUARDED_BY(mutex_)
    mutable std::size_t swept_size_ = 0;  // GUARDED_BY(mutex_): sessions_.size() after a sweep

    using expiry = std::pair<store::millis_t, std::weak_ptr<websocket_session>>;
    void arm();  // with mutex_ held: the timer waits for the earliest expiry
    void on_timer();
    // A min-heap by time (std::push_heap with greater-first order). Entries of closed
    // connections are dropped once it has doubled, so it stays within twice the live ones.
    std::vector<expiry> expiries_;     // GUARDED_BY(mutex_)
    std::size_t pruned_size_ = 0;      // GUARDED_BY(mutex_): expiries_.size() after a prune
    boost::asio::steady_timer timer_;  // GUARDED_BY(mutex_)
    store::millis_t armed_for_ = 0;    // GUARDED_BY(mutex_): 0 when not waiting
    bool stopped_ = false;             // GUARDED_BY(mutex_)
};

}  // namespace parley::net

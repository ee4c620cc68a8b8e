#pragma once
// Every open WebSocket session, so shutdown can close them all.
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace parley::net {

class websocket_session;

/// A thread-safe set of live sessions, held weakly: a session adds itself once open and is
/// forgotten when destroyed, so its destructor needs nothing from here. Shutdown asks each one
/// still alive to close.
class connection_tracker {
  public:
    void add(const std::shared_ptr<websocket_session>& s);
    /// Asks every live session to close with 1001 (going away).
    void close_all();
    /// Closes every live connection of the session with this token hash (signed out).
    void close_session(const std::string& session);
    /// How many sessions are still alive.
    std::size_t size() const;

  private:
    mutable std::mutex mutex_;
    mutable std::vector<std::weak_ptr<websocket_session>> sessions_;  // GUARDED_BY(mutex_)
    mutable std::size_t swept_size_ = 0;  // GUARDED_BY(mutex_): sessions_.size() after a sweep
};

}  // namespace parley::net

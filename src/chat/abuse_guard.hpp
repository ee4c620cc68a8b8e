#pragma once
// The chat protocol's abuse limits: rate limits per user and per connection.
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "chat/connection.hpp"
#include "config.hpp"
#include "throttle/rate_limiter.hpp"

namespace parley::chat {

/// What the limits say about one request.
struct guard_answer {
    /// Zero: go ahead. Otherwise the request is refused (`rate_limited`) and may be retried
    /// after this long.
    std::chrono::milliseconds retry_after{0};
    /// The connection has ignored too many refusals (or sent too much garbage): close it 1008.
    bool close = false;
};

/// Token buckets for chat requests (config's abuse_limits): messages per user, joins and other
/// requests per connection, malformed frames per connection, and refusals per connection (a
/// client that keeps going after `rate_limited` is closed). Only a refusal that comes before
/// the time the connection's last refusal named counts against it: a client that waits as told
/// is never closed, however often it is refused. Limits are per node. Thread-safe.
class abuse_guard {
  public:
    explicit abuse_guard(const abuse_limits& l);

    [[nodiscard]] guard_answer message(const connection& c);
    [[nodiscard]] guard_answer join(const connection& c);
    /// history, list, ping
    [[nodiscard]] guard_answer request(const connection& c);
    /// A frame that could not be parsed: true when the connection is to be closed.
    [[nodiscard]] bool invalid(const connection& c);
    /// Forgets `c`'s buckets (it closed).
    void closed(const connection& c);
    /// How often each limit has refused, by the limit's name in --limit (for /metrics).
    std::map<std::string, std::uint64_t, std::less<>> refusals() const;

  private:
    using conn_key = std::uintptr_t;
    static conn_key key(const connection& c) { return reinterpret_cast<conn_key>(&c); }
    guard_answer answer(const connection& c, std::chrono::milliseconds wait);
    /// Whether `c` came back before its last refusal said it may; notes the new time.
    bool ignored_last_refusal(conn_key c, std::chrono::milliseconds wait);

    throttle::rate_limiter<id_t> messages_;
    throttle::rate_limiter<conn_key> joins_, requests_, invalid_, refusals_;
    std::mutex mutex_;
    /// When each refused connection was told it may come back.
    std::unordered_map<conn_key, throttle::clock::time_point> come_back_at_;  // GUARDED_BY(mutex_)
};

}  // namespace parley::chat

#pragma once
// A bounded pool of PostgreSQL connections. Internal to store/postgres/.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/errors.hpp"
#include "store/postgres/pg_connection.hpp"

namespace parley::store::postgres {

class pg_pool;

/// A connection taken from the pool; goes back when destroyed (rolled back first if a
/// transaction was left open, dropped if the connection broke). Moveable, one owner.
class pg_lease {
  public:
    pg_lease(pg_pool* pool, std::unique_ptr<pg_connection> c) : pool_(pool), c_(std::move(c)) {}
    pg_lease(pg_lease&&) = default;
    pg_lease& operator=(pg_lease&&) = delete;
    ~pg_lease();
    pg_connection* operator->() { return c_.get(); }
    pg_connection& operator*() { return *c_; }

  private:
    pg_pool* pool_;
    std::unique_ptr<pg_connection> c_;
};

/// At most `size` connections to one database, opened on demand.
///
/// acquire() hands out an idle connection, opens a new one while fewer than `size` exist, or
/// waits up to `wait` for one to come back; then it fails with unavailable rather than hang.
/// An idle connection that the server ended meanwhile (a restart) is never handed out: each is
/// checked, without a round trip, as it leaves the pool, and replaced by a new one.
/// A connection that broke (server restarted, network gone) is dropped when returned and a new
/// one is opened on a later acquire; failed connects back off from 50 ms doubling to 1 s, failing
/// fast in between, so a database that is down costs no connect storm and is used again within
/// about a second of its return. Thread-safe; blocks, so call it from blocking threads only.
class pg_pool {
  public:
    pg_pool(std::string url, std::size_t size, std::chrono::milliseconds wait);

    [[nodiscard]] result<pg_lease> acquire();

  private:
    friend class pg_lease;
    void give_back(std::unique_ptr<pg_connection> c);

    const std::string url_;
    const std::size_t size_;
    const std::chrono::milliseconds wait_;
    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<pg_connection>> idle_;  // GUARDED_BY(mutex_)
    std::size_t open_ = 0;                              // GUARDED_BY(mutex_): idle + leased
    std::chrono::steady_clock::time_point retry_at_{};  // GUARDED_BY(mutex_): connect backoff
    std::chrono::milliseconds backoff_{0};              // GUARDED_BY(mutex_)
};

}  // namespace parley::store::postgres

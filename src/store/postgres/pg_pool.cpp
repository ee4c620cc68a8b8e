#include "store/postgres/pg_pool.hpp"

#include <spdlog/spdlog.h>

namespace parley::store::postgres {
namespace {
constexpr std::chrono::milliseconds first_backoff{50};
constexpr std::chrono::milliseconds max_backoff{1000};
}  // namespace

pg_lease::~pg_lease() {
    if (c_ && pool_) pool_->give_back(std::move(c_));
}

pg_pool::pg_pool(std::string url, std::size_t size, std::chrono::milliseconds wait)
    : url_(std::move(url)), size_(size), wait_(wait) {}

result<pg_lease> pg_pool::acquire() {
    std::unique_lock lock(mutex_);
    const auto deadline = std::chrono::steady_clock::now() + wait_;
    for (;;) {
        while (!idle_.empty()) {
            auto c = std::move(idle_.back());
            idle_.pop_back();
            if (c->survived_idling()) return pg_lease(this, std::move(c));
            --open_;  // ended while idle (e.g. the server restarted): replaced below
        }
        if (open_ < size_) {
            const auto now = std::chrono::steady_clock::now();
            if (now < retry_at_) return errc::unavailable;  // the database was down just now
            ++open_;
            lock.unlock();
            std::string why;
            auto c = pg_connection::connect(url_, why);
            lock.lock();
            if (c) {
                backoff_ = std::chrono::milliseconds(0);
                return pg_lease(this, std::move(c));
            }
            --open_;
            backoff_ = std::min(max_backoff, std::max(first_backoff, backoff_ * 2));
            retry_at_ = std::chrono::steady_clock::now() + backoff_;
            spdlog::error("postgres: cannot connect (retrying in {} ms): {}", backoff_.count(),
                          why);
            return errc::unavailable;
        }
        if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty()) {
            spdlog::warn("postgres: no pool connection free within {} ms", wait_.count());
            return errc::unavailable;
        }
    }
}

void pg_pool::give_back(std::unique_ptr<pg_connection> c) {
    if (c->healthy() && !c->idle()) c->exec("ROLLBACK");  // a transaction left open by a failure
    std::lock_guard lock(mutex_);
    if (c->healthy() && c->idle())
        idle_.push_back(std::move(c));
    else
        --open_;  // broken: dropped, a later acquire opens a new one
    returned_.notify_one();
}

}  // namespace parley::store::postgres

#pragma once
// Token buckets by key, for one kind of action.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <unordered_map>

#include "throttle/token_bucket.hpp"

namespace parley::throttle {

/// One rate for many keys (user ids, addresses, connections): take() says whether `key` may act
/// now. Thread-safe. Memory is bounded: when the table grows, buckets that have refilled are
/// forgotten (a new one would be the same); if it still holds `max_keys` (someone inventing
/// keys faster than they refill), it is cleared, which only makes the limit briefly lenient.
template <class Key>
class rate_limiter {
  public:
    explicit rate_limiter(rate_limit r, std::size_t max_keys = limits::rate_limit_keys)
        : rate_(r), max_keys_(max_keys), sweep_at_(std::min<std::size_t>(1024, max_keys)) {}

    /// Zero if `key` may go ahead (a token is taken), else how long until it may. Always zero
    /// when the rate is off.
    std::chrono::milliseconds take(const Key& key, clock::time_point now = clock::now()) {
        if (!rate_.on()) return std::chrono::milliseconds{0};
        std::lock_guard lock(mutex_);
        auto it = buckets_.find(key);
        if (it == buckets_.end()) {
            if (buckets_.size() >= sweep_at_) sweep(now);
            it = buckets_.emplace(key, token_bucket(rate_, now)).first;
        }
        const auto wait = it->second.take(rate_, now);
        if (wait.count()) ++refusals_;
        return wait;
    }
    /// Drops `key`'s bucket (its connection closed).
    void forget(const Key& key) {
        std::lock_guard lock(mutex_);
        buckets_.erase(key);
    }
    /// Buckets held, for tests.
    std::size_t size() const {
        std::lock_guard lock(mutex_);
        return buckets_.size();
    }
    const rate_limit& rate() const { return rate_; }
    /// How many times take() has refused, ever (for /metrics).
    std::uint64_t refusals() const {
        std::lock_guard lock(mutex_);
        return refusals_;
    }

  private:
    void sweep(clock::time_point now) {
        std::erase_if(buckets_, [&](const auto& kv) { return kv.second.full(rate_, now); });
        if (buckets_.size() >= max_keys_) buckets_.clear();
        sweep_at_ = std::min(max_keys_, std::max<std::size_t>(1024, buckets_.size() * 2));
    }

    const rate_limit rate_;
    const std::size_t max_keys_;
    mutable std::mutex mutex_;
    std::unordered_map<Key, token_bucket> buckets_;  // GUARDED_BY(mutex_)
    std::size_t sweep_at_;                           // GUARDED_BY(mutex_)
    std::uint64_t refusals_ = 0;                     // GUARDED_BY(mutex_)
};

}  // namespace parley::throttle

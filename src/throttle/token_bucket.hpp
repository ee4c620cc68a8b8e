#pragma once
// A token bucket: how often one key (a user, a connection, an address) may do something.
#include <chrono>

#include "config.hpp"

namespace parley::throttle {

using clock = std::chrono::steady_clock;

/// Holds up to `r.burst` tokens, refilled at `r.per_second`; each action takes one. Starts
/// full. Not thread-safe (rate_limiter locks); time is passed in, so it is a pure value.
class token_bucket {
  public:
    token_bucket(const rate_limit& r, clock::time_point now) : tokens_(r.burst), at_(now) {}

    /// Takes a token: zero if there was one, else how long until there is (nothing taken).
    [[nodiscard]] std::chrono::milliseconds take(const rate_limit& r, clock::time_point now);
    /// Whether it has refilled completely by `now`: forgetting it then changes nothing.
    [[nodiscard]] bool full(const rate_limit& r, clock::time_point now) const;

  private:
    double tokens_at(const rate_limit& r, clock::time_point now) const;

    double tokens_;
    clock::time_point at_;  // when tokens_ was counted
};

}  // namespace parley::throttle

#include "throttle/token_bucket.hpp"

#include <algorithm>
#include <cmath>

namespace parley::throttle {

double token_bucket::tokens_at(const rate_limit& r, clock::time_point now) const {
    const double elapsed = std::chrono::duration<double>(now - at_).count();
    return std::min(r.burst, tokens_ + std::max(0.0, elapsed) * r.per_second);
}

std::chrono::milliseconds token_bucket::take(const rate_limit& r, clock::time_point now) {
    if (!r.on()) return std::chrono::milliseconds{0};
    tokens_ = tokens_at(r, now);
    at_ = std::max(at_, now);
    if (tokens_ >= 1.0) {
        tokens_ -= 1.0;
        return std::chrono::milliseconds{0};
    }
    const double wait_s = (1.0 - tokens_) / r.per_second;
    return std::chrono::milliseconds{static_cast<long>(std::ceil(wait_s * 1000.0))};
}

bool token_bucket::full(const rate_limit& r, clock::time_point now) const {
    return tokens_at(r, now) >= r.burst;
}

}  // namespace parley::throttle

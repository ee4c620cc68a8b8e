#include "metrics/instruments.hpp"

#include <algorithm>

namespace parley::metrics {

void labeled_counter::add(std::string_view label, std::uint64_t n) {
    std::lock_guard lock(mutex_);
    auto it = values_.find(label);
    if (it == values_.end()) it = values_.emplace(std::string(label), 0).first;
    it->second += n;
}

std::map<std::string, std::uint64_t, std::less<>> labeled_counter::values() const {
    std::lock_guard lock(mutex_);
    return values_;
}

void latency_histogram::observe(double seconds) noexcept {
    const auto at = std::lower_bound(bounds.begin(), bounds.end(), seconds) - bounds.begin();
    buckets_[static_cast<std::size_t>(at)].fetch_add(1, std::memory_order_relaxed);
    sum_micros_.fetch_add(static_cast<std::uint64_t>(std::max(0.0, seconds) * 1e6),
                          std::memory_order_relaxed);
}

latency_histogram::snapshot latency_histogram::read() const noexcept {
    snapshot s;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        s.buckets[i] = buckets_[i].load(std::memory_order_relaxed);
        s.count += s.buckets[i];
    }
    s.sum = static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6;
    return s;
}

}  // namespace parley::metrics

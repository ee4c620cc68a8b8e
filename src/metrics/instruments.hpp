#pragma once
// Counters and histograms that hot paths update without locks, read when /metrics is scraped.
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace parley::metrics {

/// A count that only grows. Any thread; lock-free.
class counter {
  public:
    void add(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

  private:
    std::atomic<std::uint64_t> value_{0};
};

/// Counts by a label value drawn from a small set (error codes, statuses). Any thread; takes a
/// mutex, so only for events that are not per message.
class labeled_counter {
  public:
    void add(std::string_view label, std::uint64_t n = 1);
    /// Every label seen with its count, by label.
    std::map<std::string, std::uint64_t, std::less<>> values() const;

  private:
    mutable std::mutex mutex_;
    std::map<std::string, std::uint64_t, std::less<>> values_;  // GUARDED_BY(mutex_)
};

/// Durations in seconds over fixed buckets, from 100 µs to 10 s: a commit or a fan-out on a
/// healthy node takes hundreds of microseconds to milliseconds; seconds mean trouble.
/// Any thread; lock-free.
class latency_histogram {
  public:
    static constexpr std::array<double, 12> bounds{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                   0.01,   0.025,   0.05,   0.1,   1.0,    10.0};
    void observe(double seconds) noexcept;

    /// A consistent-enough copy for one scrape: per-bucket counts (not cumulative; the last one
    /// counts what is above every bound), their sum in seconds, and how many.
    struct snapshot {
        std::array<std::uint64_t, bounds.size() + 1> buckets{};
        double sum = 0;
        std::uint64_t count = 0;
    };
    snapshot read() const noexcept;

  private:
    std::array<std::atomic<std::uint64_t>, bounds.size() + 1> buckets_{};
    std::atomic<std::uint64_t> sum_micros_{0};
};

}  // namespace parley::metrics

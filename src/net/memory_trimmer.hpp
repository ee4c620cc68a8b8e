#pragma once
// Gives the heap that a burst of traffic left behind back to the system once the burst is over.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>

namespace parley::net {

/// Hands freed heap back to the system (glibc's malloc_trim) after a burst, not during one.
///
/// Connections report the buffer memory they free as a burst drains (released()). glibc keeps
/// most of it: freed chunks lie between live ones, and only the top of a heap is ever given
/// back by itself, so after one burst to 10,000 connections the server stayed ~4 KiB per
/// connection larger for good. Every `interval` this checks on `timer_executor` whether at
/// least `threshold` bytes were released since the last trim and none during the last
/// interval (the burst is over), and if so runs malloc_trim on `work_executor`: it walks every
/// arena for milliseconds, which must not happen on a network thread or while traffic flows.
class memory_trimmer {
  public:
    memory_trimmer(boost::asio::any_io_executor timer_executor,
                   boost::asio::any_io_executor work_executor, std::chrono::milliseconds interval,
                   std::size_t threshold);

    /// Starts the periodic check. Call once.
    void start();
    /// Stops the check; a trim already running finishes. Call from the timer's thread or once
    /// that thread has stopped.
    void stop();

    /// `bytes` of buffer memory were freed. Any thread; lock-free.
    void released(std::size_t bytes) noexcept {
        released_.fetch_add(bytes, std::memory_order_relaxed);
    }

    /// One periodic check, as the timer runs it; timer thread only. Public for tests.
    void check();
    /// How many trims have run; for tests.
    std::size_t trims() const noexcept { return trims_.load(); }

  private:
    void arm();

    boost::asio::steady_timer timer_;
    boost::asio::any_io_executor work_;
    const std::chrono::milliseconds interval_;
    const std::size_t threshold_;
    std::atomic<std::size_t> released_{0};
    std::atomic<std::size_t> trims_{0};
    std::size_t seen_ = 0;          // released_ at the last check (timer thread only)
    std::size_t at_last_trim_ = 0;  // released_ at the last trim (timer thread only)
};

}  // namespace parley::net

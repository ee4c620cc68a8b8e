#pragma once
// Shares the blocking pool between kinds of work and between clients.
#include <boost/asio/any_io_executor.hpp>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace parley::throttle {

/// What a job costs: `interactive` is a handshake, a sign-in check or a one-row read;
/// `heavy` reads pages or searches (history, search) and may take a while.
enum class work_kind { interactive, heavy };

/// Bounds of a work_scheduler (config.hpp's limits say why each is what it is).
struct work_limits {
    std::size_t interactive_waiting;       ///< interactive jobs queued, all clients together
    std::size_t heavy_waiting;             ///< heavy jobs queued, all clients together
    std::size_t heavy_waiting_per_client;  ///< heavy jobs one client may have queued
    std::size_t heavy_running;             ///< heavy jobs running at once (< the pool's threads)
};

/// Runs jobs on a thread pool in this order: interactive jobs first, in arrival order; then heavy
/// jobs, taking turns between clients (round robin), with at most `heavy_running` of them at once
/// so that a thread stays free for interactive work. Beyond the bounds a job is refused at once
/// (try_post returns false) rather than queued without end. Each job posted is owed one turn
/// of a pool thread, which takes whatever job comes first at that moment. Thread-safe; must
/// outlive the jobs it posted (join the pool first).
class work_scheduler {
  public:
    work_scheduler(boost::asio::any_io_executor pool, work_limits limits);

    /// Queues `job` for `client` (the key heavy work takes turns by: a user or a session), or
    /// returns false, dropping it unrun, when its queue is full.
    [[nodiscard]] bool try_post(work_kind kind, std::string_view client, std::function<void()> job);

    /// Jobs refused so far, by kind.
    std::uint64_t refused(work_kind kind) const;
    /// Jobs queued and not started, by kind.
    std::size_t waiting(work_kind kind) const;

  private:
    void run_one();

    const boost::asio::any_io_executor pool_;
    const work_limits limits_;
    mutable std::mutex mutex_;
    std::deque<std::function<void()>> interactive_;
    std::unordered_map<std::string, std::deque<std::function<void()>>> heavy_by_client_;
    std::deque<std::string> heavy_turns_;  // clients with heavy work queued, next first
    std::size_t heavy_waiting_ = 0;
    std::size_t heavy_running_ = 0;
    std::size_t turns_owed_ = 0;  // turns that found only heavy work while heavy_running was full
    std::uint64_t refused_interactive_ = 0;
    std::uint64_t refused_heavy_ = 0;
};

}  // namespace parley::throttle

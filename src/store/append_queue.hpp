#pragma once
// The group-commit loop every message_log backend shares: appends queue up, one thread stores
// whatever is waiting as one batch, then runs the callbacks in order.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "store/message_log.hpp"

namespace parley::store {

/// One queued append.
using pending_append = message_log::append_request;

/// Queues appends and stores them in batches on a thread of its own.
///
/// The thread takes every append waiting when it wakes (up to `max_batch`) and hands them to
/// `store_batch`, which must return one result per append, in order, once they are durable;
/// then it runs their callbacks on that thread, in order. Appends made during a batch wait for
/// the next, so a burst costs one commit. Thread-safe.
class append_queue {
  public:
    using store_fn =
        std::function<std::vector<result<saved_message>>(std::span<const pending_append>)>;
    /// Background work the thread does while nothing waits to be stored (e.g. indexing), a
    /// small bounded step per call; returns whether to call again now. It is called after each
    /// batch with `quiet` false (do a step only if it is worth it while appends come and go) and,
    /// once no append has come for `quiet_after` (zero: at once), with `quiet` true until it
    /// has nothing left.
    using idle_fn = std::function<bool(bool quiet)>;

    append_queue(std::size_t max_batch, store_fn store_batch, idle_fn idle = {},
                 std::chrono::milliseconds quiet_after = {});
    /// close(), then joins the thread: everything appended before is stored.
    ~append_queue();

    /// Queues an append (append_many() of one); after close() `done` gets errc::unavailable at
    /// once.
    void append(new_message m, message_log::append_callback done);
    /// Queues every append of `batch`, in order, waking an idle writer once.
    void append_many(std::vector<pending_append> batch);
    /// Finishes what was appended, then refuses new appends. Idempotent.
    void close();
    log_stats stats() const;

  private:
    void run();

    const std::size_t max_batch_;
    const store_fn store_batch_;
    const idle_fn idle_;
    const std::chrono::milliseconds quiet_after_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<pending_append> pending_;  // GUARDED_BY(mutex_)
    bool closed_ = false;                 // GUARDED_BY(mutex_)
    bool writer_idle_ = false;            // GUARDED_BY(mutex_): waiting for work
    log_stats stats_;                     // GUARDED_BY(mutex_)
    metrics::latency_histogram commit_seconds_;
    std::thread writer_;  // last: starts once the rest is built
};

}  // namespace parley::store

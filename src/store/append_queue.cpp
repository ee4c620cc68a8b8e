#include "store/append_queue.hpp"

#include <chrono>
#include <iterator>

namespace parley::store {

append_queue::append_queue(std::size_t max_batch, store_fn store_batch, idle_fn idle)
    : max_batch_(max_batch),
      store_batch_(std::move(store_batch)),
      idle_(std::move(idle)),
      writer_([this] { run(); }) {}

append_queue::~append_queue() {
    close();
    if (writer_.joinable()) writer_.join();
}

void append_queue::append(new_message m, message_log::append_callback done) {
    {
        std::lock_guard lock(mutex_);
        if (!closed_) {
            pending_.push_back({std::move(m), std::move(done)});
            if (writer_idle_) wake_.notify_one();  // a busy writer looks again by itself
            return;
        }
    }
    done(errc::unavailable);
}

void append_queue::close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    wake_.notify_one();
}

log_stats append_queue::stats() const {
    std::lock_guard lock(mutex_);
    log_stats out = stats_;
    out.queued = pending_.size();
    out.commit_seconds = commit_seconds_.read();
    return out;
}

void append_queue::run() {
    std::vector<pending_append> batch;
    bool idle_work = static_cast<bool>(idle_);  // what was there before start, then after batches
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            // Background work only while nothing waits, one small step at a time.
            while (idle_work && pending_.empty() && !closed_) {
                lock.unlock();
                idle_work = idle_();
                lock.lock();
            }
            writer_idle_ = true;
            wake_.wait(lock, [&] { return closed_ || !pending_.empty(); });
            writer_idle_ = false;
            if (pending_.empty()) return;  // closed, and everything appended is stored
            const std::size_t n = std::min(pending_.size(), max_batch_);
            std::move(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n),
                      std::back_inserter(batch));
            pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
        }
        const auto started = std::chrono::steady_clock::now();
        auto results = store_batch_(batch);
        commit_seconds_.observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        {
            std::lock_guard lock(mutex_);
            std::uint64_t stored = 0, failed = 0;
            for (const auto& r : results) {
                stored += r && !r->duplicate;
                failed += !r;
            }
            stats_.appended += stored;
            stats_.commits += stored > 0;
            stats_.failed += failed;
        }
        for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(results[i]));
        batch.clear();
        idle_work = static_cast<bool>(idle_);
    }
}

}  // namespace parley::store

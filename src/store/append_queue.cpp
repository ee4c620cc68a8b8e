#include "store/append_queue.hpp"

#include <chrono>
#include <iterator>

namespace parley::store {

append_queue::append_queue(std::size_t max_batch, store_fn store_batch, idle_fn idle,
                           std::chrono::milliseconds quiet_after)
    : max_batch_(max_batch),
      store_batch_(std::move(store_batch)),
      idle_(std::move(idle)),
      quiet_after_(quiet_after),
      writer_([this] { run(); }) {}

append_queue::~append_queue() {
    close();
    if (writer_.joinable()) writer_.join();
}

void append_queue::append(new_message m, message_log::append_callback done) {
    std::vector<pending_append> one;
    one.push_back({std::move(m), std::move(done)});
    append_many(std::move(one));
}

void append_queue::append_many(std::vector<pending_append> batch) {
    {
        std::lock_guard lock(mutex_);
        if (!closed_) {
            std::move(batch.begin(), batch.end(), std::back_inserter(pending_));
            // A busy writer looks again by itself.
            if (writer_idle_ && !batch.empty()) wake_.notify_one();
            return;
        }
    }
    for (auto& a : batch) a.done(errc::unavailable);
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
    // Background work may be owed: what was there before start, then after each batch.
    bool idle_owed = static_cast<bool>(idle_);
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            const auto appended = [&] { return closed_ || !pending_.empty(); };
            // Background work only while nothing waits, one small step at a time: the steps worth
            // doing between batches, then the rest once the log has been quiet a while.
            for (bool quiet = false; idle_owed && !appended();) {
                lock.unlock();
                const bool again = idle_(quiet);
                lock.lock();
                if (again || appended()) continue;
                if (quiet) {
                    idle_owed = false;  // all done
                    break;
                }
                writer_idle_ = true;
                quiet = !wake_.wait_for(lock, quiet_after_, appended);
                writer_idle_ = false;
            }
            writer_idle_ = true;
            wake_.wait(lock, appended);
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
        idle_owed = static_cast<bool>(idle_);
    }
}

}  // namespace parley::store

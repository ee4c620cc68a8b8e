#pragma once
// A message log that forwards to a real one but can be told to fail or stall appends, to test
// how the server behaves when the database fails under it.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>

#include "store/message_log.hpp"

namespace parley::testing {

namespace st = parley::store;

/// Wraps a message log. Thread-safe, like the log it wraps.
class faulty_log final : public st::message_log {
  public:
    explicit faulty_log(st::message_log& inner) : inner_(inner) {}

    /// While true, every append fails with errc::unavailable and nothing is written.
    std::atomic<bool> fail_appends{false};
    /// How many reads have been asked of the log.
    std::atomic<int> reads{0};
    /// How many read_ranges calls (catch-ups and gap fills) have been asked of the log.
    std::atomic<int> range_reads{0};
    /// While above zero, each read_ranges call fails with errc::unavailable and counts it down.
    std::atomic<int> fail_range_reads{0};

    /// Appends wait until release(), as behind a stalled disk.
    void hold() {
        std::lock_guard lock(mutex_);
        holding_ = true;
    }
    /// Passes every held append on, in order, and stops holding.
    void release() {
        std::deque<held> out;
        {
            std::lock_guard lock(mutex_);
            holding_ = false;
            out.swap(held_);
        }
        for (auto& h : out) inner_.append(std::move(h.msg), std::move(h.done));
    }
    /// Appends waiting for release().
    std::size_t held_count() const {
        std::lock_guard lock(mutex_);
        return held_.size();
    }

    /// From now on a read takes its snapshot, then waits before returning it until
    /// resume_reads(): the moment between a snapshot and its use, held open.
    void stall_reads() {
        std::lock_guard lock(mutex_);
        stalling_reads_ = true;
    }
    void resume_reads() {
        {
            std::lock_guard lock(mutex_);
            stalling_reads_ = false;
        }
        reads_resumed_.notify_all();
    }
    /// Reads that have their snapshot and are waiting for resume_reads().
    int stalled_reads() const {
        std::lock_guard lock(mutex_);
        return stalled_reads_;
    }

    void append(st::new_message m, append_callback done) override {
        if (fail_appends) return done(st::errc::unavailable);
        {
            std::lock_guard lock(mutex_);
            if (holding_) return held_.push_back({std::move(m), std::move(done)});
        }
        inner_.append(std::move(m), std::move(done));
    }
    void append_many(std::vector<append_request> batch) override {
        {
            std::lock_guard lock(mutex_);
            if (!fail_appends && !holding_) return inner_.append_many(std::move(batch));
        }
        for (auto& a : batch) append(std::move(a.msg), std::move(a.done));
    }
    st::result<std::vector<std::pair<st::id_t, std::int64_t>>> last_seqs(
        const std::vector<st::id_t>& rooms) override {
        return inner_.last_seqs(rooms);
    }
    st::result<st::search_results> search(const st::search_request& r) override {
        return inner_.search(r);
    }
    st::result<std::vector<st::message>> read_ranges(
        const std::vector<st::seq_range>& ranges) override {
        ++range_reads;
        if (fail_range_reads.fetch_sub(1) > 0) return st::errc::unavailable;
        return inner_.read_ranges(ranges);
    }
    st::result<st::page> read(st::id_t room, const st::page_request& r) override {
        ++reads;
        auto page = inner_.read(room, r);
        std::unique_lock lock(mutex_);
        ++stalled_reads_;
        reads_resumed_.wait(lock, [&] { return !stalling_reads_; });
        --stalled_reads_;
        return page;
    }
    void close() override {
        release();
        inner_.close();
    }
    st::log_stats stats() const override { return inner_.stats(); }

  private:
    struct held {
        st::new_message msg;
        append_callback done;
    };
    st::message_log& inner_;
    mutable std::mutex mutex_;
    std::condition_variable reads_resumed_;
    bool holding_ = false;         // GUARDED_BY(mutex_)
    bool stalling_reads_ = false;  // GUARDED_BY(mutex_)
    int stalled_reads_ = 0;        // GUARDED_BY(mutex_)
    std::deque<held> held_;        // GUARDED_BY(mutex_)
};

}  // namespace parley::testing

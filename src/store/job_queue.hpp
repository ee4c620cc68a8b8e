#pragma once
// One thread that runs store work in submission order and commits bursts of messages together.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <variant>

#include "store/store.hpp"

namespace parley::store {

/// Runs jobs against a store on one dedicated thread, strictly in the order they were posted.
///
/// Consecutive message saves are handed to store::save_messages as one batch (group commit),
/// and their callbacks then run in that same order. Everything the queue runs is therefore a
/// single linear history: a job that reads a room and a save posted after it never overlap.
/// Callbacks and jobs run on the queue thread and must not block on network I/O.
class job_queue {
public:
    using job = std::function<void(store&)>;
    using save_callback = std::function<void(result<saved_message>)>;
    /// Runs on the queue thread just before a message joins a batch; may fill in fields such
    /// as the time, and returns false to drop the message (having told whoever needs to know).
    using admit_callback = std::function<bool(new_message&)>;

    /// Starts the thread. `max_batch` caps how many messages one transaction commits.
    explicit job_queue(store& db, std::size_t max_batch = 1024);
    /// Runs what is queued, then joins the thread.
    ~job_queue();
    job_queue(const job_queue&) = delete;
    job_queue& operator=(const job_queue&) = delete;

    /// Queues a job. Thread-safe. Ignored after stop().
    void post(job j);
    /// Queues a message to save: `admit` decides on the queue thread whether it is still
    /// wanted, then `done` gets the stored message or the failure. Thread-safe.
    void post_save(new_message m, admit_callback admit, save_callback done);
    /// Finishes everything already queued, then stops the thread. Idempotent.
    void stop();
    /// Jobs and saves waiting to start (not counting the batch being run). Thread-safe.
    std::size_t queued() const;

private:
    struct save_item {
        new_message msg;
        admit_callback admit;
        save_callback done;
    };
    using item = std::variant<job, save_item>;

    void run();
    void process(std::deque<item>& items);
    void push(item i);

    store& db_;
    const std::size_t max_batch_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<item> pending_;  // GUARDED_BY(mutex_)
    bool stopping_ = false;     // GUARDED_BY(mutex_)
    std::thread thread_;
};

}  // namespace parley::store

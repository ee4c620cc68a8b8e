#pragma once
// A thread pool that refuses work beyond a bound instead of queueing it without end.
#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <utility>

namespace parley::net {

/// `threads` threads for one kind of costly work (password hashing), with at most `max_jobs`
/// jobs queued or running: a flood of that work gets a quick refusal instead of delaying
/// everything behind it, and other pools keep serving. Thread-safe.
class bounded_pool {
  public:
    bounded_pool(std::size_t threads, std::size_t max_jobs) : pool_(threads), max_(max_jobs) {}
    ~bounded_pool() { join(); }
    bounded_pool(const bounded_pool&) = delete;
    bounded_pool& operator=(const bounded_pool&) = delete;

    /// Runs `job` on the pool, or returns false at once if `max_jobs` are already waiting or
    /// running (then `job` is dropped unrun).
    template <class Job>
    bool try_post(Job&& job) {
        if (jobs_.fetch_add(1) >= max_) {
            jobs_.fetch_sub(1);
            return false;
        }
        boost::asio::post(pool_, [this, job = std::forward<Job>(job)]() mutable {
            job();
            jobs_.fetch_sub(1);
        });
        return true;
    }
    /// Runs `work` on the pool, then `then(result)` on the same thread once the job's place is
    /// given back, so that whoever `then` hands the result to finds the place free; or returns
    /// false at once, as try_post(job).
    template <class Work, class Then>
    bool try_post(Work&& work, Then&& then) {
        if (jobs_.fetch_add(1) >= max_) {
            jobs_.fetch_sub(1);
            return false;
        }
        boost::asio::post(pool_, [this, work = std::forward<Work>(work),
                                  then = std::forward<Then>(then)]() mutable {
            auto result = work();
            jobs_.fetch_sub(1);
            then(std::move(result));
        });
        return true;
    }
    /// Jobs queued or running.
    std::size_t jobs() const { return jobs_.load(); }
    /// Finishes the jobs posted and stops the threads. Idempotent.
    void join() { pool_.join(); }

  private:
    boost::asio::thread_pool pool_;
    const std::size_t max_;
    std::atomic<std::size_t> jobs_{0};
};

}  // namespace parley::net

#pragma once
// The network threads: one io_context each, so a connection's work never changes thread.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>
#include <vector>

namespace parley::net {

/// `count` threads, each running its own io_context.
///
/// A connection is placed on one of them when it is accepted and stays there, so its state
/// needs no strand and a room's fan-out reaches each thread once, not each connection (see
/// chat::home_batch). Owned by the server; start() and stop() from one controlling thread.
class network_threads {
  public:
    explicit network_threads(unsigned count);
    ~network_threads();
    network_threads(const network_threads&) = delete;
    network_threads& operator=(const network_threads&) = delete;

    unsigned size() const { return static_cast<unsigned>(contexts_.size()); }
    boost::asio::io_context& context(unsigned i) { return *contexts_[i]; }
    /// Each thread's executor, by index.
    std::vector<boost::asio::any_io_executor> executors() const;

    /// Starts the threads; they run until stop().
    void start();
    /// Stops every io_context (pending handlers are dropped) and joins the threads. Idempotent.
    void stop();

  private:
    using work_guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
    std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
    std::vector<work_guard> work_;  // keeps an idle thread running
    std::vector<std::thread> threads_;
};

}  // namespace parley::net

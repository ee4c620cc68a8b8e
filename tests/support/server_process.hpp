#pragma once
// The real `parley serve` binary as a child process, for tests and benchmarks that need to
// kill it, restart it, or measure it from outside.
#include <sys/types.h>

#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/temp_dir.hpp"

namespace parley::testing {

class server_process {
  public:
    /// Starts `binary serve --db DB --port PORT` without rate limits or connection caps (tests
    /// and benchmarks flood on purpose) plus `extra` arguments and waits for its
    /// startup line. Port 0 picks a free one. Throws std::runtime_error if it does not start.
    /// With `max_open_files`, the child runs with that descriptor limit (soft and hard).
    server_process(std::string binary, std::string db_url, unsigned short port = 0,
                   std::vector<std::string> extra = {}, unsigned max_open_files = 0);
    /// Stops it with SIGTERM if still running.
    ~server_process();
    server_process(const server_process&) = delete;
    server_process& operator=(const server_process&) = delete;

    unsigned short port() const { return port_; }
    /// The child's process id (-1 once it has been stopped).
    pid_t pid() const { return pid_; }
    /// Sends SIGKILL and reaps it: a crash, with no chance to clean up.
    void kill_hard();
    /// Sends SIGTERM and returns the exit status (-1 if it did not exit normally).
    int stop();

    /// Resident memory in KiB.
    long rss_kib() const;
    /// User + system CPU time used so far, in seconds.
    double cpu_seconds() const;
    /// What it has logged since its startup line (or the last call), without waiting: the last
    /// MiB of it. The log is read all along, so a server that logs a lot never blocks on it.
    std::string drain_log();

  private:
    temp_dir files_;  ///< the node's --files, unless `extra` names one
    pid_t pid_ = -1;
    unsigned short port_ = 0;
    std::FILE* log_ = nullptr;
    std::mutex mutex_;
    std::string logged_;  // GUARDED_BY(mutex_)
    std::thread reader_;  // reads log_ into logged_ until the child's end closes it
};

}  // namespace parley::testing

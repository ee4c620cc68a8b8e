#pragma once
// Runs the file service's sweep now and then.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>

#include "files/file_service.hpp"

namespace parley::files {

/// Every limits::file_sweep_interval (and once soon after start), deletes files never attached
/// after limits::unattached_file_age and blobs no file names (file_service::sweep). The timer
/// runs on `timer_executor`, the sweep on `work_executor`; everything must outlive stop() and
/// the work executor's last job.
class file_sweeper {
  public:
    file_sweeper(boost::asio::any_io_executor timer_executor,
                 boost::asio::any_io_executor work_executor, file_service& files);

    /// Starts the sweeps. Call once.
    void start();
    /// Stops them; one running finishes. Call from the timer's thread or once it has stopped.
    void stop();

  private:
    void arm(std::chrono::steady_clock::duration after);  // timer thread

    boost::asio::steady_timer timer_;
    boost::asio::any_io_executor work_;
    file_service& files_;
};

}  // namespace parley::files

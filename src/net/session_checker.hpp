#pragma once
// Closes the sockets of sessions that ended where this node could not hear of it.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>

#include "auth/accounts.hpp"
#include "net/connection_tracker.hpp"

namespace parley::net {

/// Every `interval`, asks the database which of the sessions with open sockets on this node
/// still exist, and closes the sockets of the others with 4001. Logout and password changes
/// close sockets at once through the bus; this catches what the bus cannot carry: `parley admin`
/// disabling a user from another process, and events lost while Redis was away. A failing
/// database closes nothing (the check is skipped until the next interval). The timer runs on
/// `timer_executor`, the queries on `work_executor`; everything must outlive stop() and the
/// work executor's last job.
class session_checker {
  public:
    session_checker(boost::asio::any_io_executor timer_executor,
                    boost::asio::any_io_executor work_executor, connection_tracker& connections,
                    auth::accounts& accounts, std::chrono::milliseconds interval);

    /// Starts the periodic check. Call once.
    void start();
    /// Stops the check; one already querying finishes. Call from the timer's thread or once that
    /// thread has stopped.
    void stop();

  private:
    void arm();    // timer thread
    void check();  // work thread

    boost::asio::steady_timer timer_;
    boost::asio::any_io_executor work_;
    connection_tracker& connections_;
    auth::accounts& accounts_;
    const std::chrono::milliseconds interval_;
};

}  // namespace parley::net

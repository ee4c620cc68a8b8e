#pragma once
// Accepts TCP connections and starts an HTTP session for each.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>

#include "net/network_threads.hpp"
#include "net/server_context.hpp"

namespace parley::net {

/// Listens on one endpoint (on the first network thread). Accepted sockets are placed on the
/// network threads in turn, each with an http_session that stays on that thread.
class listener : public std::enable_shared_from_this<listener> {
  public:
    /// Binds and listens; throws boost::system::system_error if the address is unusable.
    listener(network_threads& threads, boost::asio::ip::tcp::endpoint endpoint,
             server_context& ctx);
    void run();
    /// Stops accepting. Any thread.
    void stop();
    /// The bound port (the real one when 0 was asked for).
    unsigned short port() const { return port_; }

  private:
    void do_accept();
    void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);
    /// Out of descriptors (or memory): waits before accepting again, instead of failing the
    /// same accept in a loop; says so once per episode.
    void pause_accepting(const boost::beast::error_code& ec);

    network_threads& threads_;
    unsigned next_home_ = 0;  // the thread the next connection goes to
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer retry_timer_;  // on the acceptor's thread
    std::chrono::milliseconds backoff_{0};   // 0: accepting normally
    server_context& ctx_;
    unsigned short port_ = 0;
};

}  // namespace parley::net

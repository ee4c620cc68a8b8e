#pragma once
// Accepts TCP connections and starts an HTTP session for each.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "net/server_context.hpp"

namespace parley::net {

/// Listens on one endpoint. Each accepted socket gets its own strand and an http_session.
class listener : public std::enable_shared_from_this<listener> {
  public:
    /// Binds and listens; throws boost::system::system_error if the address is unusable.
    listener(boost::asio::io_context& ioc, boost::asio::ip::tcp::endpoint endpoint,
             server_context& ctx);
    void run();
    /// Stops accepting. Any thread.
    void stop();
    /// The bound port (the real one when 0 was asked for).
    unsigned short port() const { return port_; }

  private:
    void do_accept();
    void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

    boost::asio::io_context& ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    server_context& ctx_;
    unsigned short port_ = 0;
};

}  // namespace parley::net

#pragma once
// The operators' port: GET /metrics in Prometheus text format, nothing else.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <string>

namespace parley::net {

/// Serves `render()` at GET /metrics on its own address (--metrics-listen), apart from the
/// public port, so that a firewall or a loopback address keeps it private. One request per
/// connection, small requests only, a 5 s deadline each; anything else answers 404 or 405.
/// Runs on `executor`; `render` runs there too and must be thread-safe and quick.
class metrics_listener : public std::enable_shared_from_this<metrics_listener> {
  public:
    /// Binds and listens; throws boost::system::system_error if the address is unusable.
    metrics_listener(boost::asio::any_io_executor executor,
                     const boost::asio::ip::tcp::endpoint& endpoint,
                     std::function<std::string()> render);
    /// Starts accepting.
    void run();
    /// Stops accepting. Any thread.
    void stop();
    /// The bound port.
    unsigned short port() const { return port_; }

  private:
    void accept();

    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer retry_;
    std::function<std::string()> render_;
    unsigned short port_ = 0;
};

}  // namespace parley::net

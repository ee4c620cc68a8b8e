#include "net/listener.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "net/fail.hpp"
#include "net/http_session.hpp"

namespace parley::net {

listener::listener(boost::asio::io_context& ioc, boost::asio::ip::tcp::endpoint endpoint,
                   server_context& ctx)
    : ioc_(ioc), acceptor_(boost::asio::make_strand(ioc)), ctx_(ctx) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(boost::asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(boost::asio::socket_base::max_listen_connections);
    port_ = acceptor_.local_endpoint().port();
}

void listener::run() { do_accept(); }

void listener::stop() {
    boost::asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
        boost::system::error_code ec;
        self->acceptor_.close(ec);
    });
}

void listener::do_accept() {
    acceptor_.async_accept(
        boost::asio::make_strand(ioc_),
        boost::beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket) {
    if (ec == boost::asio::error::operation_aborted) return;  // stopped
    if (ec) {
        fail(ec, "accept");
    } else {
        boost::system::error_code ignored;
        socket.set_option(boost::asio::ip::tcp::no_delay(true), ignored);
        std::make_shared<http_session>(std::move(socket), ctx_)->run();
    }
    do_accept();
}

}  // namespace parley::net

#include "net/listener.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cerrno>

#include "net/fail.hpp"
#include "net/http_session.hpp"

namespace parley::net {

listener::listener(network_threads& threads, boost::asio::ip::tcp::endpoint endpoint,
                   server_context& ctx)
    : threads_(threads),
      acceptor_(threads.context(0)),
      retry_timer_(threads.context(0)),
      ctx_(ctx) {
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
        self->retry_timer_.cancel();
    });
}

void listener::do_accept() {
    acceptor_.async_accept(
        threads_.context(next_home_),
        boost::beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket) {
    if (ec == boost::asio::error::operation_aborted) return;  // stopped
    if (ec == boost::asio::error::no_descriptors || ec.value() == ENFILE ||
        ec == boost::asio::error::no_memory || ec == boost::asio::error::no_buffer_space)
        return pause_accepting(ec);
    if (backoff_.count() > 0) {
        spdlog::info("accepting connections again");
        backoff_ = std::chrono::milliseconds{0};
    }
    if (ec) {
        fail(ec, "accept");
    } else {
        boost::system::error_code ignored;
        connection_caps::slot slot;
        if (!ctx_.config.trust_proxy) {
            const auto peer = socket.remote_endpoint(ignored).address().to_string();
            auto counted = ctx_.http_caps.open(0, peer);
            if (counted.has_error()) {  // nothing read yet: a refusal costs no more than this
                socket.close(ignored);
                return do_accept();
            }
            slot = std::move(*counted);
        }
        socket.set_option(boost::asio::ip::tcp::no_delay(true), ignored);
        std::make_shared<http_session>(std::move(socket), ctx_, next_home_, std::move(slot))->run();
        next_home_ = (next_home_ + 1) % threads_.size();
    }
    do_accept();
}

void listener::pause_accepting(const boost::beast::error_code& ec) {
    if (backoff_.count() == 0)
        spdlog::error(
            "accept: {}; pausing new connections until descriptors are free "
            "(raise LimitNOFILE / ulimit -n)",
            ec.message());
    backoff_ = std::min(std::max(backoff_ * 2, limits::accept_retry_min), limits::accept_retry_max);
    retry_timer_.expires_after(backoff_);
    retry_timer_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
        if (!wait_ec && self->acceptor_.is_open()) self->do_accept();
    });
}

}  // namespace parley::net

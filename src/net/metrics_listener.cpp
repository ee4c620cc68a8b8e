#include "net/metrics_listener.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>

namespace parley::net {
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

/// One scrape: read a request, answer it, close.
class scrape : public std::enable_shared_from_this<scrape> {
  public:
    scrape(boost::asio::ip::tcp::socket socket, std::function<std::string()> render)
        : stream_(std::move(socket)), render_(std::move(render)) {
        parser_.header_limit(8 * 1024);
        parser_.body_limit(0);
    }

    void run() {
        stream_.expires_after(std::chrono::seconds(5));
        http::async_read(stream_, buffer_, parser_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             if (!ec) self->answer();
                         });
    }

  private:
    void answer() {
        const auto& req = parser_.get();
        http::response<http::string_body> res;
        res.version(req.version());
        res.keep_alive(false);
        if (req.target() != "/metrics") {
            res.result(http::status::not_found);
            res.set(http::field::content_type, "text/plain");
            res.body() = "only /metrics here\n";
        } else if (req.method() != http::verb::get && req.method() != http::verb::head) {
            res.result(http::status::method_not_allowed);
            res.set(http::field::allow, "GET, HEAD");
        } else {
            res.result(http::status::ok);
            res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
            if (req.method() == http::verb::get) res.body() = render_();
        }
        res.prepare_payload();
        res_ = std::move(res);
        http::async_write(stream_, res_,
                          [self = shared_from_this()](beast::error_code, std::size_t) {
                              beast::error_code ignored;
                              self->stream_.socket().shutdown(
                                  boost::asio::ip::tcp::socket::shutdown_send, ignored);
                          });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    http::request_parser<http::empty_body> parser_;
    http::response<http::string_body> res_;
    std::function<std::string()> render_;
};

}  // namespace

metrics_listener::metrics_listener(boost::asio::any_io_executor executor,
                                   const boost::asio::ip::tcp::endpoint& endpoint,
                                   std::function<std::string()> render)
    : acceptor_(executor, endpoint), retry_(executor), render_(std::move(render)) {
    port_ = acceptor_.local_endpoint().port();
}

void metrics_listener::run() { accept(); }

void metrics_listener::stop() {
    boost::asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
        beast::error_code ignored;
        self->acceptor_.close(ignored);
        self->retry_.cancel();
    });
}

void metrics_listener::accept() {
    acceptor_.async_accept(
        [self = shared_from_this()](beast::error_code ec, boost::asio::ip::tcp::socket socket) {
            if (ec == boost::asio::error::operation_aborted || !self->acceptor_.is_open()) return;
            if (!ec) {
                std::make_shared<scrape>(std::move(socket), self->render_)->run();
                return self->accept();
            }
            // Out of descriptors, most likely: try again shortly rather than spin.
            self->retry_.expires_after(std::chrono::milliseconds(100));
            self->retry_.async_wait([self](beast::error_code e) {
                if (!e) self->accept();
            });
        });
}

}  // namespace parley::net

#include "support/ws_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <future>

#include "support/protocol_schema.hpp"

namespace parley::testing {
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

ws_client::ws_client(unsigned short port, std::map<std::string, std::string> headers, bool read,
                     std::string target)
    : ws_(ioc_), work_(ioc_.get_executor()) {
    if (!read) {
        // A small receive window, as a stalled phone's: the server's queue, not this
        // machine's socket buffers, takes what it does not read.
        auto& socket = beast::get_lowest_layer(ws_).socket();
        socket.open(net::ip::tcp::v4());
        socket.set_option(net::socket_base::receive_buffer_size(16 * 1024));
    }
    beast::get_lowest_layer(ws_).connect(
        net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
        for (const auto& [k, v] : headers) req.set(k, v);
    }));
    websocket::response_type res;
    beast::error_code ec;
    ws_.handshake(res, "127.0.0.1:" + std::to_string(port), target, ec);
    handshake_.status = static_cast<int>(res.result_int());
    handshake_.upgraded = !ec;
    if (!handshake_.upgraded) return;
    if (read) do_read();
    thread_ = std::thread([this] { ioc_.run(); });
}

ws_client::~ws_client() {
    work_.reset();
    ioc_.stop();  // the socket closes when ws_ is destroyed
    if (thread_.joinable()) thread_.join();
}

void ws_client::do_read() {
    ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
        std::lock_guard lock(mutex_);
        if (ec) {
            closed_ = true;
            if (ws_.reason().code != websocket::close_code::none)
                close_code_ = static_cast<int>(ws_.reason().code);
            arrived_.notify_all();
            return;
        }
        inbox_.push_back(beast::buffers_to_string(buffer_.cdata()));
        buffer_.consume(buffer_.size());
        arrived_.notify_all();
        do_read();
    });
}

void ws_client::send_text(const std::string& text) { send_frame(text, false); }

void ws_client::send_binary(const std::string& data) { send_frame(data, true); }

void ws_client::send_frame(const std::string& data, bool binary) {
    std::promise<beast::error_code> done;
    net::post(ioc_, [&] {
        ws_.binary(binary);
        ws_.async_write(net::buffer(data),
                        [&](beast::error_code ec, std::size_t) { done.set_value(ec); });
    });
    done.get_future().wait_for(5s);
}

void ws_client::ping() {
    auto done = std::make_shared<std::promise<void>>();
    net::post(ioc_, [this, done] {
        ws_.async_ping({}, [done](beast::error_code) { done->set_value(); });
    });
    done->get_future().wait_for(5s);
}

std::optional<boost::json::value> ws_client::next(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!arrived_.wait_for(lock, timeout, [&] { return !inbox_.empty() || closed_; }))
        return std::nullopt;
    if (inbox_.empty()) return std::nullopt;
    auto text = std::move(inbox_.front());
    inbox_.pop_front();
    lock.unlock();
    auto frame = boost::json::parse(text);
    // Every frame a test reads is checked against the protocol's schema.
    if (auto why = protocol_schema::get().mismatches(frame, frame_direction::event); !why.empty())
        ADD_FAILURE() << "a frame the schema (docs/protocol.schema.json) does not allow: " << text
                      << "\n"
                      << why;
    return frame;
}

std::optional<boost::json::value> ws_client::next_of(const std::string& type,
                                                     std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        auto v = next(left);
        if (!v) return std::nullopt;
        if (v->as_object().at("type").as_string() == type) return v;
    }
}

std::optional<int> ws_client::wait_closed(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!arrived_.wait_for(lock, timeout, [&] { return closed_; })) return std::nullopt;
    return close_code_.value_or(0);
}

void ws_client::close() {
    net::post(ioc_,
              [this] { ws_.async_close(websocket::close_code::normal, [](beast::error_code) {}); });
    wait_closed(5s);
}

void ws_client::drop() {
    net::post(ioc_, [this] {
        beast::error_code ec;
        beast::get_lowest_layer(ws_).socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
        beast::get_lowest_layer(ws_).close();
    });
}

}  // namespace parley::testing

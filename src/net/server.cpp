#include "net/server.hpp"

#include <boost/asio/ip/address.hpp>
#include <spdlog/spdlog.h>

#include <stdexcept>

namespace parley::net {
namespace {

/// How long shutdown waits for WebSocket close handshakes before cutting connections.
constexpr auto close_wait = std::chrono::seconds(3);
/// Threads for blocking work (database calls from REST, argon2id hashing).
constexpr unsigned blocking_threads = 4;

boost::asio::ip::tcp::endpoint endpoint_of(const server_config& c) {
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(c.host, ec);
    if (ec) throw std::runtime_error("invalid --host '" + c.host + "': " + ec.message());
    return {address, c.port};
}

}  // namespace

server::server(server_config config, store::store& db)
    : config_(std::move(config)),
      ioc_(static_cast<int>(config_.threads)),
      queue_(db),
      chat_(queue_, chat::chat_options{{config_.max_message_chars}, 100}),
      accounts_(db, config_.session_ttl),
      router_(accounts_, db, chat_, presence_, config_),
      blocking_(blocking_threads),
      ctx_{config_, accounts_, router_, chat_, presence_, connections_, blocking_.get_executor()} {
    try {
        listener_ = std::make_shared<listener>(ioc_, endpoint_of(config_), ctx_);
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error("cannot listen on " + config_.host + ":" +
                                 std::to_string(config_.port) + ": " + e.code().message());
    }
}

server::~server() { stop(); }

void server::start() {
    listener_->run();
    threads_.reserve(config_.threads);
    for (unsigned i = 0; i < config_.threads; ++i) threads_.emplace_back([this] { ioc_.run(); });
}

void server::stop() {
    if (stopped_.exchange(true)) return;
    listener_->stop();
    connections_.close_all();
    const auto deadline = std::chrono::steady_clock::now() + close_wait;
    while (connections_.size() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ioc_.stop();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    blocking_.join();
    queue_.stop();  // every message already queued is written before we return
    spdlog::info("server stopped");
}

}  // namespace parley::net

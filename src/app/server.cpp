#include "app/server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/ip/address.hpp>
#include <stdexcept>

#include "app/metrics_page.hpp"
#include "bus/local_bus.hpp"
#include "bus/redis/redis_bus.hpp"
#include "files/local_blob_store.hpp"

namespace parley::app {
namespace {

/// HOST:PORT (an IPv6 host in brackets) as an endpoint; throws saying what is wrong.
boost::asio::ip::tcp::endpoint metrics_endpoint(const std::string& spec) {
    const auto colon = spec.rfind(':');
    std::string host = colon == std::string::npos ? "" : spec.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(host, ec);
    unsigned long port = 0;
    try {
        port = colon == std::string::npos ? 70000 : std::stoul(spec.substr(colon + 1));
    } catch (const std::exception&) {
        port = 70000;
    }
    if (ec || port > 65535)
        throw std::runtime_error("invalid --metrics-listen '" + spec +
                                 "': expected HOST:PORT, e.g. 127.0.0.1:9100");
    return {address, static_cast<unsigned short>(port)};
}

boost::asio::ip::tcp::endpoint endpoint_of(const server_config& c) {
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(c.host, ec);
    if (ec) throw std::runtime_error("invalid --host '" + c.host + "': " + ec.message());
    return {address, c.port};
}

/// The bus of this node: Redis when a URL is given, else the in-process one.
std::unique_ptr<bus::bus> make_bus(const server_config& c) {
    if (c.redis_url.empty()) return std::make_unique<bus::local_bus>();
    std::string why;
    auto address = bus::redis::parse_redis_url(c.redis_url, why);
    if (!address) throw std::runtime_error("invalid --redis: " + why);
    address->prefix = c.redis_prefix;
    return std::make_unique<bus::redis::redis_bus>(*address);
}

/// The settings as the server runs them: under TLS the session cookie is always Secure.
server_config effective(server_config c) {
    if (c.tls_cert.empty() != c.tls_key.empty())
        throw std::runtime_error("--tls-cert and --tls-key go together: give both or neither");
    if (!c.tls_cert.empty()) c.secure_cookies = true;
    return c;
}

}  // namespace

server::server(server_config config, store::parts db)
    : config_(effective(std::move(config))),
      tls_(config_.tls_cert.empty() ? nullptr
                                    : net::make_tls_context(config_.tls_cert, config_.tls_key)),
      network_(config_.threads),
      db_(db),
      bus_(make_bus(config_)),
      presence_(*bus_, network_.executors().back()),
      connections_(network_.executors().front()),
      caps_(config_.max_connections_per_user, config_.max_connections_per_ip),
      http_caps_(0, config_.max_pending_per_ip),
      blocking_(config_.blocking_threads),
      blocking_work_(
          blocking_.get_executor(),
          {limits::blocking_interactive_waiting, limits::blocking_heavy_waiting,
           limits::blocking_heavy_waiting_per_user, std::max(1u, config_.blocking_threads - 1)}),
      hashing_(config_.hashing_threads, config_.hashing_queue),
      chat_(config_.shards ? config_.shards : config_.threads,
            chat::shard_services{db_.rooms, db_.log, *bus_, presence_, blocking_.get_executor(),
                                 blocking_work_, network_.executors(), metrics_},
            chat::chat_options{{config_.max_message_chars},
                               limits::join_history,
                               config_.bus_gap_timeout,
                               config_.abuse,
                               // The local bus loses nothing; Redis pub/sub may.
                               config_.redis_url.empty() ? std::chrono::milliseconds{0}
                                                         : limits::reconcile_interval},
            [this](const std::string& session) { connections_.close_session(session); }),
      accounts_(db_.accounts, config_.session_ttl),
      blobs_(config_.files_dir.empty()
                 ? nullptr
                 : std::make_unique<files::local_blob_store>(config_.files_dir)),
      sniffer_(blobs_ ? std::make_unique<files::type_sniffer>() : nullptr),
      files_(blobs_ ? std::make_unique<files::file_service>(
                          *blobs_, db_.files, *sniffer_,
                          files::upload_limits{config_.max_file_bytes, config_.upload_quota_bytes})
                    : nullptr),
      file_sweeper_(files_ ? std::make_unique<files::file_sweeper>(
                                 network_.executors().front(), blocking_.get_executor(), *files_)
                           : nullptr),
      memory_(network_.executors().front(), blocking_.get_executor(), limits::memory_trim_interval,
              limits::memory_trim_min_released),
      session_checker_(network_.executors().front(), blocking_.get_executor(), connections_,
                       accounts_, config_.session_check_interval),
      throttles_(config_.abuse),
      router_({accounts_, db_.accounts, db_.rooms, db_.log, *bus_, presence_, config_, throttles_,
               files_.get()}),
      ctx_{config_,        accounts_, router_, chat_,      presence_, connections_, memory_,
           blocking_work_, hashing_,  caps_,   http_caps_, metrics_,  tls_.get()} {
    bus_->attach(&chat_);
    presence_.attach(&chat_);
    try {
        listener_ = std::make_shared<net::listener>(network_, endpoint_of(config_), ctx_);
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error("cannot listen on " + config_.host + ":" +
                                 std::to_string(config_.port) + ": " + e.code().message());
    }
    if (!config_.metrics_listen.empty()) {
        try {
            metrics_listener_ = std::make_shared<net::metrics_listener>(
                network_.executors().front(), metrics_endpoint(config_.metrics_listen), [this] {
                    return render_metrics({metrics_, connections_, db_.log, chat_, throttles_,
                                           hashing_, blocking_work_, *bus_});
                });
        } catch (const boost::system::system_error& e) {
            throw std::runtime_error("cannot serve metrics on " + config_.metrics_listen + ": " +
                                     e.code().message());
        }
    }
}

server::~server() { stop(); }

void server::start() {
    listener_->run();
    if (metrics_listener_) metrics_listener_->run();
    memory_.start();
    session_checker_.start();
    if (file_sweeper_) file_sweeper_->start();
    presence_.start();
    network_.start();
}

void server::stop() {
    if (stopped_.exchange(true)) return;
    listener_->stop();
    if (metrics_listener_) metrics_listener_->stop();
    connections_.close_all();
    const auto deadline = std::chrono::steady_clock::now() + limits::shutdown_close_wait;
    while (connections_.size() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    network_.stop();
    memory_.stop();  // its timer's thread has ended
    session_checker_.stop();
    if (file_sweeper_) file_sweeper_->stop();
    presence_.stop();
    presence_.attach(nullptr);
    hashing_.join();
    blocking_.join();
    db_.log.close();  // every message already appended is written before we return
    bus_->attach(nullptr);
    spdlog::info("server stopped");
}

}  // namespace parley::app

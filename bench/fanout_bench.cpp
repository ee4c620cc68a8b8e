// Fan-out benchmark: R rooms of P WebSocket clients against a real `parley serve` process.
// Reports delivered frames per second, frames per server CPU-second, delivery latency and the
// server's memory per connection. Traffic stays on 127.0.0.1; the run ends by itself.
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/server_process.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace {

struct options {
    std::string server = "build/parley";
    int rooms = 10;
    int per_room = 100;
    int messages = 200;  // per room
    int window = 16;     // messages a room may have not yet delivered to everyone
    unsigned server_threads = 1;
};

json::value rest(unsigned short port, http::verb verb, const std::string& target,
                 const json::value& body, const std::string& token = "") {
    asio::io_context ioc;
    beast::tcp_stream s(ioc);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    req.body() = json::serialize(body);
    req.prepare_payload();
    http::write(s, req);
    beast::flat_buffer b;
    http::response<http::string_body> res;
    http::read(s, b, res);
    return json::parse(res.body());
}

class client;

/// One room's pacing: message k is sent only once every client has received message k - window,
/// so latency measures the server, not a backlog the benchmark built up itself.
struct room_state {
    client* sender = nullptr;
    long delivered = 0;
    int sent = 0;
};

/// Shared counters of the whole run (one thread: no locks).
struct run_state {
    std::vector<room_state> rooms;
    int per_room = 0;
    int messages = 0;
    int window = 0;
    clock_type::time_point origin = clock_type::now();
    long joined = 0;
    long delivered = 0;
    long expected = 0;
    std::vector<std::int64_t> latency_us;
    std::function<void()> on_all_joined;
    std::function<void()> on_done;
};

/// One benchmark client; the first client of each room also sends.
class client : public std::enable_shared_from_this<client> {
  public:
    client(asio::io_context& ioc, run_state& run, std::size_t room_index, std::int64_t room)
        : ws_(ioc), run_(run), room_index_(room_index), room_(room) {}

    void start(unsigned short port, const std::string& token) {
        beast::get_lowest_layer(ws_).connect(
            tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        ws_.set_option(websocket::stream_base::decorator([token](websocket::request_type& r) {
            r.set(http::field::authorization, "Bearer " + token);
        }));
        ws_.handshake("127.0.0.1", "/ws");
        send(R"({"type":"join","roomId":)" + std::to_string(room_) + "}");
        read();
    }

    /// Sends what the room's window allows.
    void send_allowed() {
        auto& r = run_.rooms[room_index_];
        while (r.sent < run_.messages &&
               r.delivered >= static_cast<long>(r.sent - run_.window + 1) * run_.per_room)
            send_one();
    }

  private:
    void send_one() {
        const auto us =
            std::chrono::duration_cast<std::chrono::microseconds>(clock_type::now() - run_.origin)
                .count();
        ++run_.rooms[room_index_].sent;
        send(R"({"type":"message","roomId":)" + std::to_string(room_) + R"(,"text":")" +
             std::to_string(us) + "\"}");
    }

    void send(std::string text) {
        outbox_.push_back(std::move(text));
        if (outbox_.size() == 1) write();
    }
    void write() {
        ws_.async_write(asio::buffer(outbox_.front()),
                        [self = shared_from_this()](beast::error_code ec, std::size_t) {
                            if (ec) return;
                            self->outbox_.erase(self->outbox_.begin());
                            if (!self->outbox_.empty()) self->write();
                        });
    }

    void read() {
        ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return;
            self->on_frame(std::string_view(static_cast<const char*>(self->buffer_.cdata().data()),
                                            self->buffer_.size()));
            self->buffer_.consume(self->buffer_.size());
            self->read();
        });
    }

    void on_frame(std::string_view f) {
        if (f.starts_with(R"({"type":"joined")")) {
            if (++run_.joined == run_.expected && run_.on_all_joined) run_.on_all_joined();
            return;
        }
        if (!f.starts_with(R"({"type":"message")")) return;
        const auto at = f.find(R"("text":")");
        const auto sent_us = std::stoll(std::string(f.substr(at + 8, 20)));
        const auto now_us =
            std::chrono::duration_cast<std::chrono::microseconds>(clock_type::now() - run_.origin)
                .count();
        run_.latency_us.push_back(now_us - sent_us);
        auto& r = run_.rooms[room_index_];
        ++r.delivered;
        r.sender->send_allowed();
        if (++run_.delivered == run_.expected && run_.on_done) run_.on_done();
    }

    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    std::vector<std::string> outbox_;
    run_state& run_;
    std::size_t room_index_;
    std::int64_t room_;
};

double percentile(std::vector<std::int64_t>& v, double p) {
    if (v.empty()) return 0;
    const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
    return static_cast<double>(v[k]) / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
    options o;
    CLI::App app{"Parley fan-out benchmark (loopback only)"};
    app.add_option("--server", o.server, "Path to the parley binary")->capture_default_str();
    app.add_option("--rooms", o.rooms)->capture_default_str()->check(CLI::Range(1, 1000));
    app.add_option("--per-room", o.per_room, "Clients per room")
        ->capture_default_str()
        ->check(CLI::Range(1, 5000));
    app.add_option("--messages", o.messages, "Messages sent per room")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    app.add_option("--window", o.window, "Messages per room not yet delivered to all")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    app.add_option("--server-threads", o.server_threads)->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    rlimit limit{};  // one descriptor per client socket
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }

    const auto dir =
        std::filesystem::temp_directory_path() / ("parley-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    try {
        parley::testing::server_process server(o.server, "sqlite:" + dir.string() + "/bench.db", 0,
                                               {"--threads", std::to_string(o.server_threads)});
        const auto port = server.port();
        auto reg = rest(port, http::verb::post, "/auth/register",
                        {{"username", "bench"}, {"password", "bench-password"}});
        const std::string token(reg.at("token").as_string());
        std::vector<std::int64_t> rooms;
        for (int r = 0; r < o.rooms; ++r)
            rooms.push_back(rest(port, http::verb::post, "/groups",
                                 {{"name", "room" + std::to_string(r)}}, token)
                                .at("id")
                                .as_int64());

        const long connections = static_cast<long>(o.rooms) * o.per_room;
        const long rss_before = server.rss_kib();
        asio::io_context ioc;
        run_state run;
        run.expected = connections;
        run.rooms.resize(rooms.size());
        run.per_room = o.per_room;
        run.messages = o.messages;
        run.window = o.window;
        std::vector<std::shared_ptr<client>> clients;
        for (std::size_t r = 0; r < rooms.size(); ++r)
            for (int i = 0; i < o.per_room; ++i) {
                clients.push_back(std::make_shared<client>(ioc, run, r, rooms[r]));
                if (i == 0) run.rooms[r].sender = clients.back().get();
                clients.back()->start(port, token);
            }
        run.on_all_joined = [&] { ioc.stop(); };
        ioc.run_for(std::chrono::seconds(60));
        if (run.joined != connections) throw std::runtime_error("not every client joined");
        const long rss_connected = server.rss_kib();

        run.latency_us.reserve(static_cast<std::size_t>(connections) * o.messages);
        run.expected = connections * o.messages;
        run.on_done = [&] { ioc.stop(); };
        const double cpu_before = server.cpu_seconds();
        const auto start = clock_type::now();
        ioc.restart();
        for (auto& r : run.rooms) r.sender->send_allowed();
        ioc.run_for(std::chrono::seconds(120));
        const double seconds = std::chrono::duration<double>(clock_type::now() - start).count();
        const double server_cpu = server.cpu_seconds() - cpu_before;

        std::printf("rooms=%d clients/room=%d messages/room=%d server-threads=%u\n", o.rooms,
                    o.per_room, o.messages, o.server_threads);
        std::printf("delivered %ld of %ld frames in %.2f s: %.0f frames/s\n", run.delivered,
                    run.expected, seconds, static_cast<double>(run.delivered) / seconds);
        std::printf("server CPU %.2f s: %.0f frames per server CPU-second\n", server_cpu,
                    static_cast<double>(run.delivered) / std::max(server_cpu, 1e-3));
        std::printf("latency ms: p50 %.2f  p99 %.2f  max %.2f\n", percentile(run.latency_us, 0.5),
                    percentile(run.latency_us, 0.99), percentile(run.latency_us, 1.0));
        std::printf(
            "server RSS: %ld KiB before, %ld KiB with %ld connections: %.2f KiB each\n", rss_before,
            rss_connected, connections,
            static_cast<double>(rss_connected - rss_before) / static_cast<double>(connections));
        clients.clear();
        std::filesystem::remove_all(dir);
        return run.delivered == run.expected ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench failed: %s\n", e.what());
        std::filesystem::remove_all(dir);
        return 1;
    }
}

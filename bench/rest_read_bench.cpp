// REST read under a message flood: how long `GET /groups/:id/messages` takes with the server
// idle, and again while WebSocket clients flood a room with messages (every one fsync-durable).
// The bar: the p99 under the flood stays within 5x the idle p99. Runs a real `parley
// serve` process; traffic stays on 127.0.0.1; the run ends by itself.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
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
    int flooders = 1;    // "another client floods a room"
    int window = 64;     // messages each flooder keeps unacknowledged
    int samples = 2000;  // REST reads per phase
    int history = 300;   // messages stored before measuring
    unsigned server_threads = 2;
};

/// One keep-alive HTTP connection.
class http_client {
  public:
    explicit http_client(unsigned short port) : stream_(ioc_) {
        stream_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    }
    json::value call(http::verb verb, const std::string& target, const json::value& body,
                     const std::string& token = "") {
        http::request<http::string_body> req{verb, target, 11};
        req.set(http::field::host, "127.0.0.1");
        if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
        if (!body.is_null()) {
            req.set(http::field::content_type, "application/json");
            req.body() = json::serialize(body);
        }
        req.prepare_payload();
        http::write(stream_, req);
        http::response<http::string_body> res;
        http::read(stream_, buffer_, res);
        if (res.result_int() >= 300) throw std::runtime_error(target + ": " + res.body());
        return json::parse(res.body());
    }

  private:
    asio::io_context ioc_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
};

/// A WebSocket client that has joined `room`.
struct ws_client {
    asio::io_context ioc;
    websocket::stream<tcp::socket> ws{ioc};
    beast::flat_buffer buffer;

    ws_client(unsigned short port, const std::string& token, std::int64_t room) {
        ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        ws.set_option(websocket::stream_base::decorator([&](websocket::request_type& r) {
            r.set(http::field::authorization, "Bearer " + token);
        }));
        ws.handshake("127.0.0.1", "/ws");
        send({{"type", "join"}, {"roomId", room}});
        while (next_type() != "joined") {
        }
    }
    void send(const json::value& v) { ws.write(asio::buffer(json::serialize(v))); }
    std::string next_type() {
        buffer.consume(buffer.size());
        ws.read(buffer);
        auto v = json::parse(beast::buffers_to_string(buffer.data()));
        return std::string(v.at("type").as_string());
    }
};

/// Keeps `window` messages in flight until told to stop; returns how many were acknowledged.
long flood(ws_client& c, std::int64_t room, int window, const std::atomic<bool>& stop) {
    const json::value msg{{"type", "message"}, {"roomId", room}, {"text", "flood"}};
    long acked = 0;
    int in_flight = 0;
    const auto deadline = clock_type::now() + std::chrono::seconds(60);
    while (true) {
        const bool stopping = stop || clock_type::now() > deadline;
        while (!stopping && in_flight < window) {
            c.send(msg);
            ++in_flight;
        }
        if (in_flight == 0) break;
        if (c.next_type() == "ack") {
            --in_flight;
            ++acked;
        }
    }
    return acked;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

/// `samples` sequential reads of a history page; their latencies in ms.
std::vector<double> measure_reads(http_client& http, std::int64_t room, const std::string& token,
                                  int samples) {
    std::vector<double> ms;
    const std::string target = "/groups/" + std::to_string(room) + "/messages?limit=50";
    for (int i = 0; i < samples; ++i) {
        const auto start = clock_type::now();
        http.call(http::verb::get, target, nullptr, token);
        ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - start).count());
    }
    return ms;
}

void report(const char* phase, const std::vector<double>& ms) {
    std::printf("%-6s reads: p50 %.3f ms  p99 %.3f ms  max %.3f ms  (%zu reads)\n", phase,
                percentile(ms, 0.5), percentile(ms, 0.99), percentile(ms, 1.0), ms.size());
}

}  // namespace

int main(int argc, char** argv) {
    options o;
    CLI::App app{"Parley REST-read-under-flood benchmark (loopback only)"};
    app.add_option("--server", o.server, "Path to the parley binary")->capture_default_str();
    app.add_option("--flooders", o.flooders)->capture_default_str()->check(CLI::Range(1, 64));
    app.add_option("--window", o.window)->capture_default_str()->check(CLI::Range(1, 200));
    app.add_option("--samples", o.samples)->capture_default_str()->check(CLI::Range(10, 100000));
    app.add_option("--history", o.history)->capture_default_str()->check(CLI::Range(0, 100000));
    app.add_option("--server-threads", o.server_threads)->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    const auto dir =
        std::filesystem::temp_directory_path() / ("parley-rest-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    int status = 1;
    try {
        parley::testing::server_process server(o.server, "sqlite:" + dir.string() + "/bench.db", 0,
                                               {"--threads", std::to_string(o.server_threads)});
        const auto port = server.port();
        http_client http(port);
        auto reg = http.call(http::verb::post, "/auth/register",
                             {{"username", "bench"}, {"password", "bench-password"}});
        const std::string token(reg.at("token").as_string());
        const auto room = http.call(http::verb::post, "/groups", {{"name", "flooded"}}, token)
                              .at("id")
                              .as_int64();
        {  // some history to read
            ws_client seeder(port, token, room);
            for (int i = 0; i < o.history; ++i)
                seeder.send({{"type", "message"}, {"roomId", room}, {"text", "history"}});
            for (int acks = 0; acks < o.history;) acks += seeder.next_type() == "ack";
        }

        const auto idle = measure_reads(http, room, token, o.samples);

        std::vector<std::unique_ptr<ws_client>> clients;
        for (int i = 0; i < o.flooders; ++i)
            clients.push_back(std::make_unique<ws_client>(port, token, room));
        std::atomic<bool> stop{false};
        std::atomic<long> acked{0};
        std::vector<std::thread> threads;
        const auto flood_start = clock_type::now();
        for (auto& c : clients)
            threads.emplace_back([&, c = c.get()] { acked += flood(*c, room, o.window, stop); });
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the flood is under way
        const auto loaded = measure_reads(http, room, token, o.samples);
        stop = true;
        for (auto& t : threads) t.join();
        const double flood_s =
            std::chrono::duration<double>(clock_type::now() - flood_start).count();

        std::printf("server-threads=%u flooders=%d window=%d\n", o.server_threads, o.flooders,
                    o.window);
        report("idle", idle);
        report("flood", loaded);
        std::printf("flood: %ld messages stored and acknowledged in %.2f s (%.0f/s)\n",
                    acked.load(), flood_s, static_cast<double>(acked.load()) / flood_s);
        const double ratio = percentile(loaded, 0.99) / std::max(percentile(idle, 0.99), 1e-6);
        std::printf("p99 under flood / idle p99: %.2fx (target: at most 5x)\n", ratio);
        status = 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench failed: %s\n", e.what());
    }
    std::filesystem::remove_all(dir);
    return status;
}

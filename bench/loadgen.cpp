// The load generator of `make bench`: thousands of WebSocket clients on one thread, read with
// raw epoll (one recv takes every frame waiting on a socket), against a real `parley serve`
// (or the Node baseline, which takes the same command line). It reports the server's CPU and
// memory from /proc and its own CPU beside them, so a figure can be checked for being the
// generator's limit rather than the server's. Scenarios (--mode):
//   fanout   closed loop: one sender per room, message k sent once the room has had message
//            k - window delivered to everyone; delivered frames/s and per server CPU-second.
//            With --browser each socket is a browser tab's: it hears all its user's rooms (no
//            activity=off), so a message also goes as room_activity to every socket not joined
//            to its room, and those frames count as delivered too.
//   latency  open loop: --rate messages/s spread over the rooms on a fixed schedule; latency of
//            every delivery from its *scheduled* send time (no coordinated omission).
//   idle     server RSS per joined idle connection, then again after a burst of 100 messages
//            per room has been delivered and the connections are idle again.
//   storm    (--nodes, --redis, --db postgres) --rooms x --per-room clients spread over the
//            nodes drop at once; --messages per room are sent while they are away; then all
//            reconnect with `since`: time from each join to its `joined` (with the backfill),
//            and the history reads PostgreSQL served (pg_stat_statements, when loaded).
//   restart  (--nodes, --db postgres; a Redis of its own) every room has a client on each
//            node (a client joins --rooms-per-client rooms); Redis is stopped for --outage s,
//            one message per room is sent meanwhile; then Redis starts again (empty): time
//            until every node has resubscribed every room, and until every client has the
//            message it missed (exactly once).
//   stalled  --per-room sockets in one room stop reading once joined while its sender goes on
//            at --rate messages/s of 2,000 characters for --seconds: the server's peak RSS
//            over its idle RSS, against the node's bound on queued bytes, how many of the
//            stalled sockets it dropped, and whether the reading sender still got every echo.
//   join     a room with --stored messages (written straight into the SQLite file while the
//            server is down): time from `join` to `joined` (last 100), and a catch-up by since.
// The handshake and the client's (masked) frames go through Beast; the read side only splits
// the server's unmasked frames. Loopback only; every run ends by itself.
#include <sched.h>
#include <sqlite3.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/postgres_database.hpp"
#include "support/redis_server.hpp"
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
    std::string mode = "fanout";
    int rooms = 10;
    int per_room = 100;
    int messages = 300;     // fanout: per room
    int window = 8;         // fanout: messages a room may have not yet delivered to everyone
    double rate = 500;      // latency: messages/s over all rooms
    double seconds = 5;     // latency: measured time, after one second of warm-up
    long stored = 1000000;  // join: messages in the big room
    unsigned server_threads = 1;
    bool pin = false;           // server on CPU 0, this generator on CPU 1
    std::string db = "sqlite";  // or "postgres": a new database on $PARLEY_TEST_PG per run
    bool client_msg_ids = false;
    int nodes = 1;               // latency: nodes sharing PostgreSQL and Redis
    std::string redis;           // redis://host:port for the nodes; default $PARLEY_TEST_REDIS
    int rooms_per_client = 100;  // restart
    double outage = 5;           // restart: seconds Redis is down
    bool browser = false;        // fanout: sockets hear every room of their user (a browser tab)
};

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               clock_type::now().time_since_epoch())
        .count();
}

double own_cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/// Pins every thread of `pid` (0: this process) to one CPU.
void pin(pid_t pid, int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    const auto tasks =
        std::filesystem::path("/proc") / std::to_string(pid ? pid : getpid()) / "task";
    for (const auto& t : std::filesystem::directory_iterator(tasks))
        sched_setaffinity(std::stoi(t.path().filename().string()), sizeof set, &set);
}

json::value rest(unsigned short port, http::verb verb, const std::string& target,
                 const json::value& body, const std::string& token = "") {
    asio::io_context ioc;
    beast::tcp_stream s(ioc);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    req.set(http::field::content_type, "application/json");
    req.body() = json::serialize(body);
    req.prepare_payload();
    http::write(s, req);
    beast::flat_buffer b;
    http::response<http::string_body> res;
    http::read(s, b, res);
    if (res.result_int() >= 300) throw std::runtime_error(target + ": " + res.body());
    return json::parse(res.body());
}

/// What a frame from the server is, by its first bytes (Parley and the baseline both put
/// "type" first).
enum class kind { joined, message, activity, other };

kind kind_of(std::string_view f) {
    if (f.starts_with(R"({"type":"message")")) return kind::message;
    if (f.starts_with(R"({"type":"room_activity")")) return kind::activity;
    if (f.starts_with(R"({"type":"joined")")) return kind::joined;
    return kind::other;
}

/// The scheduled send time a message carries in its text ("t<ns>"), or 0.
std::int64_t stamp_of(std::string_view f) {
    constexpr std::string_view key = R"("text":"t)";
    const auto at = f.find(key);
    if (at == std::string_view::npos) return 0;
    std::int64_t v = 0;
    for (auto i = at + key.size(); i < f.size() && f[i] >= '0' && f[i] <= '9'; ++i)
        v = v * 10 + (f[i] - '0');
    return v;
}

/// Calls on_frame(payload) for each whole unmasked frame in [p, p+n); returns the bytes used.
template <class F>
std::size_t split_frames(const char* p, std::size_t n, F&& on_frame) {
    std::size_t at = 0;
    while (n - at >= 2) {
        const auto* b = reinterpret_cast<const unsigned char*>(p + at);
        std::size_t len = b[1] & 0x7f, header = 2;
        if (len == 126) {
            if (n - at < 4) break;
            len = (std::size_t{b[2]} << 8) | b[3];
            header = 4;
        } else if (len == 127) {
            if (n - at < 10) break;
            len = 0;
            for (int i = 0; i < 8; ++i) len = (len << 8) | b[2 + i];
            header = 10;
        }
        if (n - at < header + len) break;
        on_frame(std::string_view(p + at + header, len));
        at += header + len;
    }
    return at;
}

/// One client: Beast did its handshake and writes its frames; epoll reads it.
struct client {
    asio::io_context& ioc;
    websocket::stream<tcp::socket> ws;
    std::string carry;  // an incomplete frame from the last recv
    int room_index;
    std::int64_t join_sent = 0;  // when its join went out

    client(asio::io_context& io, int room) : ioc(io), ws(io), room_index(room) {}
    int fd() { return ws.next_layer().native_handle(); }
    void send(const std::string& text) { ws.write(asio::buffer(text)); }
};

/// Counters of a run (one thread: no locks).
struct tally {
    long joined = 0;
    long delivered = 0;
    long activity = 0;                     // room_activity frames (--browser)
    std::vector<long> delivered_in;        // by room
    std::vector<std::int64_t> latency_ns;  // filled while `measuring`
    std::vector<std::int64_t> join_ns;     // join to joined, per client
    long fewest_backfilled = -1;           // least messages a `joined` carried
    bool measuring = false;
    bool closed = false;  // the server closed a connection
};

class generator {
  public:
    /// Each room's first client (its sender) connects to ports[0], the others to the other
    /// ports in turn (all to ports[0] when there is one): with two nodes every delivery but the
    /// sender's own echo crosses from one node to the other.
    /// With `spread`, a room's clients go to the ports in turn instead; with `since`, they
    /// join from that seq.
    /// With `rooms_per_client` above 1, each client joins that many consecutive rooms on its
    /// one connection (room counts then follow the client's first room).
    generator(std::vector<unsigned short> ports, std::string token,
              const std::vector<std::int64_t>& rooms, int per_room, bool spread = false,
              std::optional<std::int64_t> since = std::nullopt, int rooms_per_client = 1,
              bool browser = false)
        : browser_(browser),
          ports_(std::move(ports)),
          token_(std::move(token)),
          rooms_(rooms),
          since_(since),
          epoll_(epoll_create1(0)) {
        t_.delivered_in.assign(rooms.size(), 0);
        sender_of_.assign(rooms.size(), -1);
        for (std::size_t r = 0; r < rooms.size(); r += static_cast<std::size_t>(rooms_per_client))
            for (int i = 0; i < per_room; ++i) {
                connect(static_cast<int>(r),
                        std::min(rooms.size() - r, static_cast<std::size_t>(rooms_per_client)),
                        spread ? ports_[static_cast<std::size_t>(i) % ports_.size()]
                        : i == 0 || ports_.size() == 1 ? ports_[0]
                                                       : ports_[1 + (i - 1) % (ports_.size() - 1)]);
                // Answers are read as they come, not once all are connected: a join's time
                // to `joined` is the server's, not this loop's.
                if (clients_.size() % 64 == 0) poll(0);
            }
    }
    ~generator() { close(epoll_); }

    tally& counts() { return t_; }
    std::size_t size() const { return clients_.size(); }
    /// Joins sent: one per client, or rooms_per_client each.
    long joins() const { return joins_; }
    /// The first client that joined the room (on the first port).
    client& sender(std::size_t room) {
        return *clients_[static_cast<std::size_t>(sender_of_[room])];
    }
    std::int64_t room_id(std::size_t room) const { return rooms_[room]; }

    /// Reads whatever has arrived, waiting at most `timeout_ns` for the first of it.
    void poll(std::int64_t timeout_ns) {
        epoll_event events[512];
        timespec ts{static_cast<time_t>(timeout_ns / 1000000000),
                    static_cast<long>(timeout_ns % 1000000000)};
        const int n = epoll_pwait2(epoll_, events, 512, &ts, nullptr);
        for (int i = 0; i < n; ++i) drain(*static_cast<client*>(events[i].data.ptr));
    }

    /// Polls until `done()` or the deadline; false if the deadline came first.
    template <class Done>
    bool run_until(Done&& done, double seconds) {
        const auto deadline = now_ns() + static_cast<std::int64_t>(seconds * 1e9);
        while (!done()) {
            if (now_ns() > deadline || t_.closed) return false;
            poll(50'000'000);
        }
        return true;
    }

    /// `padding` lengthens the text after the stamp.
    void send_message(std::size_t room, std::int64_t stamp, std::string_view padding = {}) {
        std::string frame = R"({"type":"message","roomId":)" + std::to_string(rooms_[room]) +
                            R"(,"text":"t)" + std::to_string(stamp) + std::string(padding) + "\"";
        if (client_msg_ids) frame += R"(,"clientMsgId":"b)" + std::to_string(++sent_) + "\"";
        sender(room).send(frame + "}");
    }

    /// Whether messages carry a clientMsgId, as the web client's do (the server then also
    /// acknowledges each to its sender, and checks for a retry before storing it).
    bool client_msg_ids = false;

    /// Stops reading every socket but the rooms' senders: from now on they are stalled clients.
    void stop_reading_all_but_senders() {
        for (std::size_t i = 0; i < clients_.size(); ++i)
            if (std::find(sender_of_.begin(), sender_of_.end(), static_cast<long>(i)) ==
                sender_of_.end())
                epoll_ctl(epoll_, EPOLL_CTL_DEL, clients_[i]->fd(), nullptr);
    }

    /// Of the sockets that stopped reading, how many the server has closed: each is read to its
    /// end (or until nothing comes for `seconds`), whatever it holds thrown away.
    long stalled_closed_by_server(double seconds) {
        long closed = 0;
        const auto deadline = now_ns() + static_cast<std::int64_t>(seconds * 1e9);
        std::vector<bool> done(clients_.size(), false);
        for (long i : sender_of_) done[static_cast<std::size_t>(i)] = true;
        for (bool pending = true; pending && now_ns() < deadline;) {
            pending = false;
            for (std::size_t i = 0; i < clients_.size(); ++i) {
                if (done[i]) continue;
                ssize_t n = 0;
                while ((n = recv(clients_[i]->fd(), buffer_.data(), buffer_.size(), 0)) > 0) {
                }
                if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
                    done[i] = true;
                    ++closed;
                } else {
                    pending = true;
                }
            }
            if (pending) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return closed;
    }

  private:
    void connect(int room, std::size_t count, unsigned short port) {
        auto c = std::make_unique<client>(ioc_, room);
        c->ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        c->ws.next_layer().set_option(tcp::no_delay(true));
        c->ws.set_option(
            websocket::stream_base::decorator([t = token_](websocket::request_type& r) {
                r.set(http::field::authorization, "Bearer " + t);
            }));
        // Each client chats in its rooms only: no room-list events (as uWebSockets and ws send
        // none either); unless it plays a browser tab, which hears every room of its user.
        c->ws.handshake("127.0.0.1", browser_ ? "/ws" : "/ws?activity=off");
        c->ws.next_layer().native_non_blocking(true);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.ptr = c.get();
        if (epoll_ctl(epoll_, EPOLL_CTL_ADD, c->fd(), &ev) != 0)
            throw std::runtime_error("epoll_ctl failed");
        c->join_sent = now_ns();
        for (auto r = static_cast<std::size_t>(room); r < static_cast<std::size_t>(room) + count;
             ++r) {
            c->send(R"({"type":"join","roomId":)" + std::to_string(rooms_[r]) +
                    (since_ ? R"(,"since":)" + std::to_string(*since_) : std::string()) + "}");
            if (sender_of_[r] < 0) sender_of_[r] = static_cast<long>(clients_.size());
        }
        joins_ += static_cast<long>(count);
        clients_.push_back(std::move(c));
    }

    void drain(client& c) {
        for (;;) {
            const ssize_t n = recv(c.fd(), buffer_.data(), buffer_.size(), 0);
            if (n == 0) t_.closed = true;
            if (n <= 0) return;
            if (c.carry.empty()) {
                const auto used = split_frames(buffer_.data(), static_cast<std::size_t>(n),
                                               [&](std::string_view f) { on_frame(c, f); });
                c.carry.assign(buffer_.data() + used, static_cast<std::size_t>(n) - used);
            } else {
                c.carry.append(buffer_.data(), static_cast<std::size_t>(n));
                const auto used = split_frames(c.carry.data(), c.carry.size(),
                                               [&](std::string_view f) { on_frame(c, f); });
                c.carry.erase(0, used);
            }
            if (static_cast<std::size_t>(n) < buffer_.size()) return;
        }
    }

    void on_frame(client& c, std::string_view f) {
        switch (kind_of(f)) {
            case kind::joined: {
                ++t_.joined;
                t_.join_ns.push_back(now_ns() - c.join_sent);
                long carried = 0;  // message objects in its history: each has a "seq"
                for (auto at = f.find(R"("seq":)"); at != std::string_view::npos;
                     at = f.find(R"("seq":)", at + 1))
                    ++carried;
                if (t_.fewest_backfilled < 0 || carried < t_.fewest_backfilled)
                    t_.fewest_backfilled = carried;
                break;
            }
            case kind::message:
                ++t_.delivered;
                ++t_.delivered_in[static_cast<std::size_t>(c.room_index)];
                if (t_.measuring)
                    if (const auto stamp = stamp_of(f)) t_.latency_ns.push_back(now_ns() - stamp);
                break;
            case kind::activity:
                ++t_.activity;
                break;
            case kind::other:
                break;
        }
    }

    bool browser_;
    asio::io_context ioc_;
    long sent_ = 0;
    std::vector<unsigned short> ports_;
    std::string token_;
    std::vector<std::int64_t> rooms_;
    std::optional<std::int64_t> since_;
    int epoll_;
    std::vector<std::unique_ptr<client>> clients_;
    std::vector<long> sender_of_;  // by room: index in clients_
    long joins_ = 0;
    std::vector<char> buffer_ = std::vector<char>(256 * 1024);
    tally t_;
};

double percentile_ms(std::vector<std::int64_t>& v, double p) {
    if (v.empty()) return 0;
    const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
    return static_cast<double>(v[k]) / 1e6;
}

/// CPU seconds of the server and of this generator between two points.
struct cpu_meter {
    explicit cpu_meter(const parley::testing::server_process& server) : servers{&server} {}
    explicit cpu_meter(std::vector<const parley::testing::server_process*> all)
        : servers(std::move(all)) {}
    std::vector<const parley::testing::server_process*> servers;
    double server0 = total(), own0 = own_cpu_seconds();
    double total() const {
        double sum = 0;
        for (const auto* s : servers) sum += s->cpu_seconds();
        return sum;
    }
    double server_s() const { return total() - server0; }
    double own_s() const { return own_cpu_seconds() - own0; }
};

struct setup {
    std::string token;
    std::vector<std::int64_t> rooms;
};

setup create_rooms(unsigned short port, int count) {
    setup s;
    s.token = std::string(rest(port, http::verb::post, "/auth/register",
                               {{"username", "bench"}, {"password", "bench-password"}})
                              .at("token")
                              .as_string());
    for (int r = 0; r < count; ++r)
        s.rooms.push_back(
            rest(port, http::verb::post, "/groups", {{"name", "room" + std::to_string(r)}}, s.token)
                .at("id")
                .to_number<std::int64_t>());
    return s;
}

void wait_joined(generator& g) {
    auto& t = g.counts();
    if (!g.run_until([&] { return t.joined == g.joins(); }, 120))
        throw std::runtime_error("not every client joined");
}

int run_fanout(const options& o, parley::testing::server_process& server) {
    const auto s = create_rooms(server.port(), o.rooms);
    generator g({server.port()}, s.token, s.rooms, o.per_room, false, std::nullopt, 1, o.browser);
    g.client_msg_ids = o.client_msg_ids;
    wait_joined(g);
    auto& t = g.counts();
    // A browser socket starts watching its user's rooms after a store read of its own: let
    // those land before the first message.
    if (o.browser) g.run_until([] { return false; }, 1.0);
    std::vector<int> sent(s.rooms.size(), 0);
    const long expected = static_cast<long>(g.size()) * o.messages;
    // --browser: every socket not joined to a message's room hears it as room_activity.
    const long expected_activity = o.browser ? static_cast<long>(s.rooms.size()) * o.messages *
                                                   (static_cast<long>(g.size()) - o.per_room)
                                             : 0;
    auto send_allowed = [&] {
        for (std::size_t r = 0; r < sent.size(); ++r)
            while (sent[r] < o.messages &&
                   t.delivered_in[r] >= static_cast<long>(sent[r] - o.window + 1) * o.per_room)
                g.send_message(r, now_ns()), ++sent[r];
    };
    t.measuring = true;
    cpu_meter cpu{server};
    const auto start = now_ns();
    send_allowed();
    const bool done = g.run_until(
        [&] {
            send_allowed();
            return t.delivered >= expected && t.activity >= expected_activity;
        },
        120);
    const double seconds = static_cast<double>(now_ns() - start) / 1e9;
    const double server_cpu = std::max(cpu.server_s(), 1e-3);
    const long frames = t.delivered + t.activity;
    std::printf(
        "fanout db=%s rooms=%d per_room=%d messages=%d window=%d threads=%u browser=%d: "
        "delivered=%ld/%ld activity=%ld/%ld messages_per_s=%.0f frames_per_s=%.0f "
        "frames_per_server_cpu_s=%.0f server_cpu_s=%.2f generator_cpu_s=%.2f p50_ms=%.2f "
        "p99_ms=%.2f\n",
        o.db.c_str(), o.rooms, o.per_room, o.messages, o.window, o.server_threads,
        o.browser ? 1 : 0, t.delivered, expected, t.activity, expected_activity,
        static_cast<double>(t.delivered) / o.per_room / seconds,
        static_cast<double>(frames) / seconds, static_cast<double>(frames) / server_cpu,
        cpu.server_s(), cpu.own_s(), percentile_ms(t.latency_ns, 0.5),
        percentile_ms(t.latency_ns, 0.99));
    return done ? 0 : 1;
}

/// `connected`, if set, runs after the measurement while every client is still connected.
/// `joined` runs once every client has joined (before the first message), `finished` once the
/// last delivery is in (before the figures are printed).
int run_latency(const options& o, std::vector<const parley::testing::server_process*> nodes,
                const std::function<void()>& joined = {},
                const std::function<void()>& finished = {}) {
    const auto& server = *nodes.front();
    const auto s = create_rooms(server.port(), o.rooms);
    std::vector<unsigned short> ports;
    for (const auto* n : nodes) ports.push_back(n->port());
    generator g(ports, s.token, s.rooms, o.per_room);
    wait_joined(g);
    if (joined) joined();
    auto& t = g.counts();
    const double interval_ns = 1e9 / o.rate;
    const double warmup_s = 1.0;
    const auto total = static_cast<long>(o.rate * (warmup_s + o.seconds));
    const auto warm = static_cast<long>(o.rate * warmup_s);
    const auto origin = now_ns() + 1'000'000;
    long next = 0, delivered_at_warm = 0;
    std::unique_ptr<cpu_meter> cpu;
    std::int64_t measured_from = 0;
    while (next < total) {
        const std::int64_t due =
            origin + static_cast<std::int64_t>(static_cast<double>(next) * interval_ns);
        const std::int64_t now = now_ns();
        if (now < due) {
            g.poll(due - now);
            continue;
        }
        if (next == warm) {  // the measured part starts with this message
            t.measuring = true;
            delivered_at_warm = t.delivered;
            cpu = std::make_unique<cpu_meter>(nodes);
            measured_from = now;
        }
        g.send_message(static_cast<std::size_t>(next % o.rooms), due);
        ++next;
    }
    const long expected = static_cast<long>(total) * o.per_room;
    const bool done = g.run_until([&] { return t.delivered >= expected; }, 30);
    const double seconds = static_cast<double>(now_ns() - measured_from) / 1e9;
    const double server_cpu = std::max(cpu->server_s(), 1e-3);
    const long delivered = t.delivered - delivered_at_warm;
    if (finished) finished();
    const auto stalls = std::count_if(t.latency_ns.begin(), t.latency_ns.end(),
                                      [](std::int64_t v) { return v > 50'000'000; });
    std::printf(
        "latency db=%s nodes=%zu rooms=%d per_room=%d rate=%.0f threads=%u: delivered=%ld "
        "frames_per_s=%.0f "
        "frames_per_server_cpu_s=%.0f server_cpu_s=%.2f generator_cpu_s=%.2f p50_ms=%.3f "
        "p99_ms=%.3f p999_ms=%.3f max_ms=%.3f over_50ms=%ld\n",
        o.db.c_str(), nodes.size(), o.rooms, o.per_room, o.rate, o.server_threads, delivered,
        static_cast<double>(delivered) / seconds, static_cast<double>(delivered) / server_cpu,
        cpu->server_s(), cpu->own_s(), percentile_ms(t.latency_ns, 0.5),
        percentile_ms(t.latency_ns, 0.99), percentile_ms(t.latency_ns, 0.999),
        percentile_ms(t.latency_ns, 1.0), static_cast<long>(stalls));
    return done ? 0 : 1;
}

int run_idle(const options& o, parley::testing::server_process& server) {
    const auto s = create_rooms(server.port(), o.rooms);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const long before = server.rss_kib();
    generator g({server.port()}, s.token, s.rooms, o.per_room);
    wait_joined(g);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const long idle = server.rss_kib();
    auto& t = g.counts();
    constexpr int burst = 100;
    for (std::size_t r = 0; r < s.rooms.size(); ++r)
        for (int i = 0; i < burst; ++i) g.send_message(r, now_ns());
    const long expected = static_cast<long>(g.size()) * burst;
    const bool done = g.run_until([&] { return t.delivered >= expected; }, 120);
    g.run_until([] { return false; }, 2);  // idle again
    const long after = server.rss_kib();
    const double n = static_cast<double>(g.size());
    std::printf(
        "idle connections=%zu threads=%u: rss_before_kib=%ld rss_idle_kib=%ld "
        "rss_after_burst_kib=%ld kib_per_idle_connection=%.2f "
        "kib_per_connection_after_burst=%.2f\n",
        g.size(), o.server_threads, before, idle, after, static_cast<double>(idle - before) / n,
        static_cast<double>(after - before) / n);
    return done ? 0 : 1;
}

/// Sockets that stop reading: see --mode stalled.
int run_stalled(const options& o, parley::testing::server_process& server) {
    const auto s = create_rooms(server.port(), 1);
    generator g({server.port()}, s.token, s.rooms, o.per_room);
    wait_joined(g);
    g.run_until([] { return false; }, 1.0);
    const long idle = server.rss_kib();
    g.stop_reading_all_but_senders();
    const std::string padding(2000, 'x');
    const auto interval_ns = static_cast<std::int64_t>(1e9 / o.rate);
    const auto total = static_cast<long>(o.rate * o.seconds);
    long peak = idle;
    auto next_sample = now_ns();
    const auto start = now_ns();
    for (long sent = 0; sent < total;) {
        const auto due = start + sent * interval_ns;
        if (now_ns() >= due) {
            g.send_message(0, due, padding);
            ++sent;
        }
        if (now_ns() >= next_sample) {
            peak = std::max(peak, server.rss_kib());
            next_sample = now_ns() + 100'000'000;
        }
        g.poll(std::min<std::int64_t>(std::max<std::int64_t>(due - now_ns(), 0), 1'000'000));
    }
    auto& t = g.counts();
    g.run_until([&] { return t.delivered >= total; }, 10);
    peak = std::max(peak, server.rss_kib());
    const long dropped = g.stalled_closed_by_server(10);
    const long after = server.rss_kib();
    constexpr long bound_kib = 256 * 1024;  // --max-total-send-queue's default
    const long stalled = static_cast<long>(g.size()) - 1;
    std::printf(
        "stalled sockets=%ld rate=%.0f seconds=%.0f text_chars=2000: rss_idle_kib=%ld "
        "rss_peak_kib=%ld peak_over_idle_kib=%ld queue_bound_kib=%ld peak_over_bound=%.2f "
        "rss_after_kib=%ld dropped=%ld/%ld sender_echoes=%ld/%ld\n",
        stalled, o.rate, o.seconds, idle, peak, peak - idle, bound_kib,
        static_cast<double>(peak - idle) / static_cast<double>(bound_kib), after, dropped, stalled,
        t.delivered, total);
    return t.delivered >= total ? 0 : 1;
}

/// Writes `count` messages into `room` of the SQLite file, as if they had been sent.
void store_messages(const std::string& file, std::int64_t room, long count) {
    sqlite3* db = nullptr;
    if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open db");
    const std::string sql =
        "BEGIN;"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
        std::to_string(count) +
        ") INSERT INTO messages (group_id, user_id, content, created_at, seq) "
        "SELECT " +
        std::to_string(room) +
        ", 1, 'stored message number ' || i, 1700000000000 + i, i FROM n;"
        "UPDATE groups SET last_seq = " +
        std::to_string(count) + " WHERE id = " + std::to_string(room) + ";COMMIT;";
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string why = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error("seeding failed: " + why);
}

int run_join(const options& o, const std::string& db_file) {
    std::int64_t room = 0;
    std::string token;
    {
        parley::testing::server_process server(o.server, "sqlite:" + db_file, 0,
                                               {"--threads", std::to_string(o.server_threads)});
        const auto s = create_rooms(server.port(), 1);
        room = s.rooms[0];
        token = s.token;
    }
    store_messages(db_file, room, o.stored);
    parley::testing::server_process server(o.server, "sqlite:" + db_file, 0,
                                           {"--threads", std::to_string(o.server_threads)});
    if (o.pin) pin(0, 1), pin(server.pid(), 0);
    asio::io_context ioc;
    websocket::stream<tcp::socket> ws(ioc);
    ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
    ws.set_option(websocket::stream_base::decorator(
        [&](websocket::request_type& r) { r.set(http::field::authorization, "Bearer " + token); }));
    ws.handshake("127.0.0.1", "/ws?activity=off");
    beast::flat_buffer buffer;
    auto time_join = [&](const std::string& request) {
        const auto start = now_ns();
        ws.write(asio::buffer(request));
        for (;;) {
            buffer.clear();
            ws.read(buffer);
            const std::string_view f(static_cast<const char*>(buffer.cdata().data()),
                                     buffer.size());
            if (kind_of(f) == kind::joined) {
                if (f.find("stored message number " + std::to_string(o.stored) + "\"") ==
                    std::string_view::npos)
                    throw std::runtime_error("joined lacks the newest message");
                return now_ns() - start;
            }
        }
    };
    const std::string join = R"({"type":"join","roomId":)" + std::to_string(room) + "}";
    const std::string catch_up = R"({"type":"join","roomId":)" + std::to_string(room) +
                                 R"(,"since":)" + std::to_string(o.stored - 50) + "}";
    std::vector<std::int64_t> joins, catch_ups;
    for (int i = 0; i < 10; ++i) time_join(join);  // warm the page cache
    for (int i = 0; i < 200; ++i) joins.push_back(time_join(join));
    for (int i = 0; i < 200; ++i) catch_ups.push_back(time_join(catch_up));
    std::printf(
        "join stored=%ld threads=%u: join_last_100 p50_ms=%.3f p99_ms=%.3f, catch_up_50 "
        "p50_ms=%.3f p99_ms=%.3f (round trip seen by the client)\n",
        o.stored, o.server_threads, percentile_ms(joins, 0.5), percentile_ms(joins, 0.99),
        percentile_ms(catch_ups, 0.5), percentile_ms(catch_ups, 0.99));
    return 0;
}

}  // namespace

/// What the shell command `command` prints on standard output.
std::string output_of(const std::string& command) {
    std::string out;
    if (FILE* p = popen((command + " 2>/dev/null").c_str(), "r")) {
        char buf[4096];
        while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
        pclose(p);
    }
    return out;
}

/// What `redis-cli -u URL ARGS` prints.
std::string redis_cli(const std::string& url, const std::string& args) {
    return output_of("redis-cli -u '" + url + "' " + args);
}

/// The PUBLISH commands Redis has served so far.
long publish_calls(const std::string& url) {
    const auto info = redis_cli(url, "info commandstats");
    const auto at = info.find("cmdstat_publish:calls=");
    return at == std::string::npos ? 0 : std::atol(info.c_str() + at + 22);
}

/// --nodes servers on one database and one Redis.
struct cluster {
    cluster(const options& o, const std::string& db_url, const std::string& redis_url,
            const std::string& prefix) {
        for (int i = 0; i < o.nodes; ++i) {
            nodes.push_back(std::make_unique<parley::testing::server_process>(
                o.server, db_url, 0,
                std::vector<std::string>{"--threads", std::to_string(o.server_threads), "--redis",
                                         redis_url, "--redis-prefix", prefix}));
            ports.push_back(nodes.back()->port());
        }
    }
    std::vector<std::unique_ptr<parley::testing::server_process>> nodes;
    std::vector<unsigned short> ports;
};

/// Latency with the nodes sharing Redis: prints the usual line, then Redis's share of it.
int run_latency_on_redis(const options& o, const std::string& db_url) {
    const std::string prefix = "bench-" + std::to_string(getpid()) + ":";
    const cluster c(o, db_url, o.redis, prefix);
    std::vector<const parley::testing::server_process*> all;
    for (const auto& node : c.nodes) all.push_back(node.get());
    // Counted from the first message on: joins and presence announcements publish too.
    long before = 0, published = 0;
    std::string subscribers;
    const int rc = run_latency(
        o, all, [&] { before = publish_calls(o.redis); },
        [&] {
            published = publish_calls(o.redis) - before;
            const auto numsub = redis_cli(o.redis, "pubsub numsub " + prefix + "room:1");
            subscribers = numsub.substr(numsub.find('\n') + 1);
            while (!subscribers.empty() && subscribers.back() == '\n') subscribers.pop_back();
        });
    std::printf("redis nodes=%d: publish_calls=%ld subscribed_nodes_per_room=%s\n", o.nodes,
                published, subscribers.c_str());
    return rc;
}

/// What `psql URL -Atc SQL` prints, trimmed.
std::string psql(const std::string& url, const std::string& sql) {
    auto out = output_of("psql '" + url + "' -Atc \"" + sql + "\"");
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

/// A reconnect storm over several nodes: see --mode storm.
int run_storm(const options& o, const std::string& db_url) {
    const cluster c(o, db_url, o.redis, "storm-" + std::to_string(getpid()) + ":");
    const auto& ports = c.ports;
    const auto s = create_rooms(ports[0], o.rooms);
    generator senders({ports[0]}, s.token, s.rooms, 1);
    wait_joined(senders);
    {
        generator crowd(ports, s.token, s.rooms, o.per_room, true);
        wait_joined(crowd);
    }  // every crowd connection drops here, at once
    for (std::size_t r = 0; r < s.rooms.size(); ++r)
        for (int k = 0; k < o.messages; ++k) senders.send_message(r, 0);
    auto& sent = senders.counts();
    if (!senders.run_until([&] { return sent.delivered == o.rooms * o.messages; }, 60))
        throw std::runtime_error("the messages sent during the outage were not all stored");
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // kept join pages expire
    const bool statements = psql(db_url,
                                 "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; "
                                 "SELECT pg_stat_statements_reset() IS NOT NULL")
                                .ends_with("t");

    const auto start = now_ns();
    generator storm(ports, s.token, s.rooms, o.per_room, true, 0);
    const double connected_s = static_cast<double>(now_ns() - start) / 1e9;
    wait_joined(storm);
    const double all_joined_s = static_cast<double>(now_ns() - start) / 1e9;
    std::string reads = "unknown (pg_stat_statements not loaded)";
    if (statements) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // backends report
        reads = psql(db_url,
                     "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements "
                     "WHERE query LIKE '%m.seq > $2%'");
    }
    auto& t = storm.counts();
    std::printf(
        "storm nodes=%d clients=%zu rooms=%d missed=%d: connected_s=%.2f joined_s=%.2f "
        "p50_ms=%.1f p99_ms=%.1f max_ms=%.1f fewest_backfilled=%ld backfill_reads=%s "
        "(rooms x nodes = %d)\n",
        o.nodes, storm.size(), o.rooms, o.messages, connected_s, all_joined_s,
        percentile_ms(t.join_ns, 0.5), percentile_ms(t.join_ns, 0.99),
        percentile_ms(t.join_ns, 1.0), t.fewest_backfilled, reads.c_str(), o.rooms * o.nodes);
    return t.fewest_backfilled == o.messages ? 0 : 1;
}

/// The Redis subscriber connections holding at least `channels` subscriptions (one per node
/// once it has resubscribed everything).
int subscribers_with(const std::string& url, long channels) {
    const auto list = redis_cli(url, "client list type pubsub");
    int n = 0;
    for (auto at = list.find(" sub="); at != std::string::npos; at = list.find(" sub=", at + 1))
        if (std::atol(list.c_str() + at + 5) >= channels) ++n;
    return n;
}

/// Redis restarted under several nodes with every room subscribed: see --mode restart.
int run_restart(const options& o, const std::string& db_url) {
    parley::testing::redis_server redis;  // its own: this run stops and starts it
    const cluster c(o, db_url, redis.url(), "restart:");
    const auto& ports = c.ports;
    const auto s = create_rooms(ports[0], o.rooms);
    // Every room has one client on each node; a client joins --rooms-per-client rooms.
    generator crowd(ports, s.token, s.rooms, o.nodes, true, std::nullopt, o.rooms_per_client);
    wait_joined(crowd);
    const long channels = o.rooms + 2;  // each room's, the control and the peers channel
    if (!crowd.run_until([&] { return subscribers_with(redis.url(), channels) == o.nodes; }, 60))
        throw std::runtime_error("the nodes did not subscribe every room");

    redis.stop();
    const auto down = now_ns();
    for (std::size_t r = 0; r < s.rooms.size(); ++r) crowd.send_message(r, 0);
    auto& t = crowd.counts();
    // Delivered at once on the first node; the others read them from the database within a
    // reconcile interval (limits::reconcile_interval), Redis or not.
    const long missed = o.rooms;
    if (!crowd.run_until([&] { return t.delivered >= missed; }, 60))
        throw std::runtime_error("the messages sent while Redis was away were not all stored");
    const auto outage_ns = static_cast<std::int64_t>(o.outage * 1e9);
    while (now_ns() - down < outage_ns) crowd.poll(outage_ns - (now_ns() - down));
    const long during_outage = t.delivered;

    const auto up = now_ns();
    redis.start();  // returns once it answers PING
    const long everyone = missed * o.nodes;
    std::int64_t subscribed = 0, caught_up = t.delivered >= everyone ? up : 0;
    const auto since_up = [&] { return static_cast<double>(now_ns() - up) / 1e9; };
    while ((subscribed == 0 || caught_up == 0) && since_up() < 60 && !t.closed) {
        crowd.poll(10'000'000);
        if (caught_up == 0 && t.delivered >= everyone) caught_up = now_ns();
        if (subscribed == 0 && subscribers_with(redis.url(), channels) == o.nodes)
            subscribed = now_ns();
    }
    crowd.run_until([] { return false; }, 0.5);  // a late duplicate would show here
    std::printf(
        "restart nodes=%d rooms=%d clients=%zu outage_s=%.1f missed_per_node=%ld: "
        "delivered_during_outage=%ld resubscribed_s=%.2f caught_up_s=%.2f delivered=%ld "
        "(expected %ld)\n",
        o.nodes, o.rooms, crowd.size(), static_cast<double>(up - down) / 1e9, missed, during_outage,
        subscribed ? static_cast<double>(subscribed - up) / 1e9 : -1.0,
        caught_up ? static_cast<double>(caught_up - up) / 1e9 : -1.0, t.delivered, everyone);
    return subscribed && caught_up && t.delivered == everyone ? 0 : 1;
}

int main(int argc, char** argv) {
    options o;
    CLI::App app{"Parley load generator (loopback only)"};
    app.add_option("--server", o.server, "Path to parley, or the baseline script")
        ->capture_default_str();
    app.add_option("--mode", o.mode)
        ->check(CLI::IsMember({"fanout", "latency", "idle", "stalled", "join", "storm", "restart"}))
        ->capture_default_str();
    app.add_option("--rooms", o.rooms)->capture_default_str()->check(CLI::Range(1, 20000));
    app.add_option("--rooms-per-client", o.rooms_per_client, "restart: rooms each client joins")
        ->capture_default_str()
        ->check(CLI::Range(1, 200));
    app.add_option("--outage", o.outage, "restart: seconds Redis stays down")
        ->capture_default_str()
        ->check(CLI::Range(0.1, 30.0));
    app.add_option("--per-room", o.per_room, "Clients per room")
        ->capture_default_str()
        ->check(CLI::Range(1, 20000));
    app.add_option("--messages", o.messages, "fanout: messages per room")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    app.add_option("--window", o.window, "fanout: messages per room not yet delivered to all")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    app.add_option("--rate", o.rate, "latency: messages per second")
        ->capture_default_str()
        ->check(CLI::Range(1.0, 1e6));
    app.add_option("--seconds", o.seconds, "latency: measured seconds")
        ->capture_default_str()
        ->check(CLI::Range(0.5, 60.0));
    app.add_option("--stored", o.stored, "join: messages stored in the room")
        ->capture_default_str()
        ->check(CLI::Range(100L, 100000000L));
    app.add_option("--server-threads", o.server_threads)->capture_default_str();
    app.add_flag("--pin", o.pin, "server on CPU 0, generator on CPU 1");
    app.add_flag("--browser", o.browser,
                 "fanout: sockets hear every room of their user, as a browser tab's");
    app.add_option("--db", o.db,
                   "sqlite (a temporary file) or postgres (a new database on the "
                   "server $PARLEY_TEST_PG names, dropped afterwards)")
        ->check(CLI::IsMember({"sqlite", "postgres"}))
        ->capture_default_str();
    app.add_option("--nodes", o.nodes,
                   "latency: nodes over one PostgreSQL and Redis (--db postgres); the senders on "
                   "the first, everyone else on the others")
        ->check(CLI::Range(1, 8))
        ->capture_default_str();
    app.add_option("--redis", o.redis,
                   "latency: redis://host:port for the nodes (default "
                   "$PARLEY_TEST_REDIS); without it one node runs alone");
    app.add_flag("--client-msg-ids", o.client_msg_ids,
                 "fanout: messages carry a clientMsgId, as the web client's do");
    CLI11_PARSE(app, argc, argv);
    rlimit limit{};  // one descriptor per client socket, here and in the server we start
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }

    const auto dir =
        std::filesystem::temp_directory_path() / ("parley-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    int rc = 1;
    try {
        const std::string db_file = (dir / "bench.db").string();
        std::unique_ptr<parley::testing::postgres_database> postgres;
        std::string db_url = "sqlite:" + db_file;
        if (o.db == "postgres") {
            if (o.mode == "join") throw std::runtime_error("--mode join seeds SQLite only");
            postgres = std::make_unique<parley::testing::postgres_database>();
            db_url = postgres->url();
        }
        if ((o.nodes > 1 || o.mode == "storm") && o.redis.empty() &&
            std::getenv("PARLEY_TEST_REDIS"))
            o.redis = std::getenv("PARLEY_TEST_REDIS");
        if (o.mode == "restart" && o.db != "postgres")
            throw std::runtime_error(
                "--mode restart needs --db postgres (it starts its own Redis)");
        if (o.mode != "restart" && (o.nodes > 1 || o.mode == "storm") &&
            (o.redis.empty() || o.db != "postgres"))
            throw std::runtime_error("--nodes and --mode storm need --db postgres and Redis");
        if (o.mode == "restart") {
            rc = run_restart(o, db_url);
        } else if (o.mode == "storm") {
            rc = run_storm(o, db_url);
        } else if (o.mode == "join") {
            rc = run_join(o, db_file);
        } else if (!o.redis.empty()) {
            if (o.mode != "latency") throw std::runtime_error("--redis is for --mode latency");
            rc = run_latency_on_redis(o, db_url);
        } else {
            parley::testing::server_process server(o.server, db_url, 0,
                                                   {"--threads", std::to_string(o.server_threads)});
            if (o.pin) pin(0, 1), pin(server.pid(), 0);
            if (o.mode == "fanout") rc = run_fanout(o, server);
            if (o.mode == "latency") rc = run_latency(o, {&server});
            if (o.mode == "idle") rc = run_idle(o, server);
            if (o.mode == "stalled") rc = run_stalled(o, server);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench failed: %s\n", e.what());
    }
    std::filesystem::remove_all(dir);
    return rc;
}

// parley_floor: what this machine allows any server, measured with no server in the way. `make
// bench` prints it first, so that its other figures can be read against what the kernel and the
// disk cost here on the day (this VM's speed has varied by 2x between days). Modes:
//   loopback  the kernel's share of the fan-out scenario: --sockets loopback TCP connections;
//             one sender thread writes --messages ready-made unmasked WebSocket text frames of
//             --frame-bytes to each socket, --frames-per-write at a time, socket after socket,
//             round after round, and a reader drains them with epoll and large recv calls, as
//             the load generator does. Frames per sender CPU-second is the ceiling of a
//             one-thread server that does nothing but send (on loopback the receiver's TCP work
//             runs in the sender's system call, as it does in the server's). At most two rounds
//             are in flight, about what the fan-out scenario's window of 8 allows. With --pin
//             the sender runs on CPU 0 and the reader on CPU 1.
//   disk      fdatasync after a 4 KiB write, over a preallocated file and at the end of a growing
//             one, in --dir: the floor under every durable acknowledgement.
// Loopback only; every run ends by itself.
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

struct options {
    std::string mode = "loopback";
    int sockets = 1000;
    int frames_per_write = 8;
    int frame_bytes = 160;  // about what a delivered `message` frame of the load generator is
    int messages = 300;     // frames per socket, as the fan-out scenario's messages per room
    bool pin = false;
    std::string dir = std::filesystem::temp_directory_path().string();
    int syncs = 500;
};

double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void pin_this_thread(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
}

/// A file descriptor closed on scope exit.
struct fd_guard {
    int fd = -1;
    explicit fd_guard(int f) : fd(f) {
        if (fd < 0) throw std::runtime_error("socket call failed");
    }
    fd_guard(fd_guard&& o) noexcept : fd(std::exchange(o.fd, -1)) {}
    fd_guard(const fd_guard&) = delete;
    ~fd_guard() {
        if (fd >= 0) close(fd);
    }
};

/// One server-side and one client-side end of a loopback connection.
struct connection_pair {
    fd_guard sender, reader;
};

std::vector<connection_pair> connect_pairs(int count) {
    fd_guard listener(socket(AF_INET, SOCK_STREAM, 0));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(listener.fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        listen(listener.fd, 1024) != 0 ||
        getsockname(listener.fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        throw std::runtime_error("cannot listen on loopback");
    std::vector<connection_pair> pairs;
    const int one = 1;
    for (int i = 0; i < count; ++i) {
        fd_guard reader(socket(AF_INET, SOCK_STREAM, 0));
        if (connect(reader.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
            throw std::runtime_error("cannot connect on loopback");
        fd_guard sender(accept4(listener.fd, nullptr, nullptr, SOCK_NONBLOCK));
        setsockopt(sender.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(reader.fd, F_SETFL, O_NONBLOCK);
        pairs.push_back({std::move(sender), std::move(reader)});
    }
    return pairs;
}

/// An unmasked text frame (what a server sends) with `payload` bytes.
std::string text_frame(int payload) {
    std::string f{'\x81'};
    if (payload < 126) {
        f += static_cast<char>(payload);
    } else {
        f += static_cast<char>(126);
        f += static_cast<char>(payload >> 8);
        f += static_cast<char>(payload & 0xff);
    }
    return f + std::string(static_cast<std::size_t>(payload), 'x');
}

int run_loopback(const options& o) {
    auto pairs = connect_pairs(o.sockets);
    std::string batch;
    for (int i = 0; i < o.frames_per_write; ++i) batch += text_frame(o.frame_bytes);
    const long frame_size = static_cast<long>(batch.size()) / o.frames_per_write;
    const long per_round = static_cast<long>(o.sockets) * o.frames_per_write;
    const long rounds = (o.messages + o.frames_per_write - 1) / o.frames_per_write;
    const long expected = per_round * rounds;
    std::atomic<long> received{0};
    std::atomic<bool> send_failed{false};
    double sender_cpu = 0;

    std::thread sender([&] {
        if (o.pin) pin_this_thread(0);
        const double cpu0 = thread_cpu_seconds();
        for (long round = 0; round < rounds; ++round) {
            // At most the previous round still on its way.
            for (long seen = received.load(); seen < (round - 1) * per_round;
                 seen = received.load())
                received.wait(seen);
            for (auto& p : pairs) {
                std::size_t at = 0;
                while (at < batch.size()) {  // loopback buffers usually take a round whole
                    const ssize_t n = send(p.sender.fd, batch.data() + at, batch.size() - at,
                                           MSG_DONTWAIT | MSG_NOSIGNAL);
                    if (n >= 0) {
                        at += static_cast<std::size_t>(n);
                        continue;
                    }
                    // Full: wait for room, for 10 s at most (the reader may have given up).
                    pollfd room{p.sender.fd, POLLOUT, 0};
                    if (errno != EAGAIN || poll(&room, 1, 10'000) != 1) {
                        send_failed = true;  // the reader sees it and stops
                        return;
                    }
                }
            }
        }
        sender_cpu = thread_cpu_seconds() - cpu0;
    });

    if (o.pin) pin_this_thread(1);
    const double reader_cpu0 = thread_cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    fd_guard poller(epoll_create1(0));
    for (auto& p : pairs) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = p.reader.fd;
        epoll_ctl(poller.fd, EPOLL_CTL_ADD, p.reader.fd, &ev);
    }
    std::vector<char> buffer(256 * 1024);
    long bytes = 0;
    bool stuck = false;
    while (bytes / frame_size < expected && !send_failed) {
        epoll_event events[512];
        const int n = epoll_wait(poller.fd, events, 512, 10'000);
        if (n == 0) {
            stuck = true;  // nothing for 10 s: give up rather than hang
            break;
        }
        for (int i = 0; i < n; ++i)
            for (ssize_t got; (got = recv(events[i].data.fd, buffer.data(), buffer.size(), 0)) > 0;)
                bytes += got;
        received.store(bytes / frame_size);
        received.notify_one();
    }
    const double seconds = seconds_since(start);
    const double reader_cpu = thread_cpu_seconds() - reader_cpu0;
    if (stuck) received.store(expected), received.notify_one();
    sender.join();
    const long frames = bytes / frame_size;
    std::printf(
        "floor loopback sockets=%d frames_per_write=%d frame_bytes=%d: frames=%ld/%ld "
        "frames_per_s=%.0f frames_per_sender_cpu_s=%.0f sender_cpu_s=%.2f reader_cpu_s=%.2f\n",
        o.sockets, o.frames_per_write, o.frame_bytes, frames, expected,
        static_cast<double>(frames) / seconds,
        static_cast<double>(frames) / std::max(sender_cpu, 1e-3), sender_cpu, reader_cpu);
    if (send_failed) std::fprintf(stderr, "floor failed: a send failed\n");
    return stuck || send_failed ? 1 : 0;
}

/// Milliseconds of each fdatasync after a 4 KiB write at block i (over the file, or past its
/// end when it was not preallocated), sorted.
std::vector<double> time_syncs(const std::string& path, int count, bool preallocate) {
    fd_guard file(open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600));
    const std::string block(4096, 'p');
    if (preallocate) {
        for (int i = 0; i < count; ++i)
            if (write(file.fd, block.data(), block.size()) != 4096)
                throw std::runtime_error("cannot write in --dir");
        fsync(file.fd);
    }
    std::vector<double> ms;
    for (int i = 0; i < count; ++i) {
        if (pwrite(file.fd, block.data(), block.size(), static_cast<off_t>(i) * 4096) != 4096)
            throw std::runtime_error("cannot write in --dir");
        const auto start = std::chrono::steady_clock::now();
        fdatasync(file.fd);
        ms.push_back(seconds_since(start) * 1e3);
    }
    std::sort(ms.begin(), ms.end());
    return ms;
}

double percentile(const std::vector<double>& sorted, double p) {
    return sorted[static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1))];
}

int run_disk(const options& o) {
    const auto path = std::filesystem::path(o.dir) / ("parley-floor-" + std::to_string(getpid()));
    struct remove_after {
        std::filesystem::path p;
        ~remove_after() { std::filesystem::remove(p); }
    } cleanup{path};
    const auto over = time_syncs(path.string(), o.syncs, true);
    const auto grow = time_syncs(path.string(), o.syncs, false);
    std::printf(
        "floor disk syncs=%d: overwrite_p50_ms=%.3f overwrite_p99_ms=%.3f overwrite_max_ms=%.3f "
        "append_p50_ms=%.3f append_p99_ms=%.3f append_max_ms=%.3f\n",
        o.syncs, percentile(over, 0.5), percentile(over, 0.99), over.back(), percentile(grow, 0.5),
        percentile(grow, 0.99), grow.back());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    options o;
    CLI::App app{"What this machine allows any server (loopback only)"};
    app.add_option("--mode", o.mode)
        ->check(CLI::IsMember({"loopback", "disk"}))
        ->capture_default_str();
    app.add_option("--sockets", o.sockets)->capture_default_str()->check(CLI::Range(1, 20000));
    app.add_option("--frames-per-write", o.frames_per_write)
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    app.add_option("--frame-bytes", o.frame_bytes)
        ->capture_default_str()
        ->check(CLI::Range(1, 65535));
    app.add_option("--messages", o.messages, "loopback: frames per socket")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    app.add_flag("--pin", o.pin, "sender on CPU 0, reader on CPU 1");
    app.add_option("--dir", o.dir, "disk: where the test file goes")->capture_default_str();
    app.add_option("--syncs", o.syncs, "disk: fdatasync calls of each kind")
        ->capture_default_str()
        ->check(CLI::Range(10, 100000));
    CLI11_PARSE(app, argc, argv);
    rlimit limit{};  // two descriptors per connection
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    try {
        return o.mode == "disk" ? run_disk(o) : run_loopback(o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "floor failed: %s\n", e.what());
        return 1;
    }
}

#include "support/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <utility>

namespace parley::testing {

server_process::server_process(std::string binary, std::string db_url, unsigned short port,
                               std::vector<std::string> extra, unsigned max_open_files) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    // Tests and benchmarks flood on purpose: no rate limits, no connection caps.
    std::vector<std::string> args{binary,
                                  "serve",
                                  "--db",
                                  db_url,
                                  "--port",
                                  std::to_string(port),
                                  "--log-level",
                                  "info",
                                  "--limit",
                                  "all=off",
                                  "--max-connections-per-user",
                                  "10000000",
                                  "--max-connections-per-ip",
                                  "10000000",
                                  "--max-pending-per-ip",
                                  "10000000"};
    args.insert(args.end(), extra.begin(), extra.end());
    if (std::find(extra.begin(), extra.end(), "--files") == extra.end()) {
        args.push_back("--files");
        args.push_back(files_.file("files"));
    }
    pid_ = fork();
    if (pid_ == 0) {
        // A test that crashes takes its servers with it.
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        dup2(out[1], STDOUT_FILENO);
        dup2(out[1], STDERR_FILENO);
        close(out[0]);
        if (max_open_files > 0) {
            const rlimit limit{max_open_files, max_open_files};
            setrlimit(RLIMIT_NOFILE, &limit);
        }
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    close(out[1]);
    log_ = fdopen(out[0], "r");
    char line[2048];
    while (std::fgets(line, sizeof line, log_)) {
        const std::string s(line);
        if (auto at = s.find("http://127.0.0.1:"); at != std::string::npos) {
            port_ = static_cast<unsigned short>(std::stoi(s.substr(at + 17)));
            break;
        }
    }
    if (port_ == 0) {
        kill_hard();
        throw std::runtime_error("parley did not start (" + binary + ")");
    }
    reader_ = std::thread([this] {
        constexpr std::size_t kept = 1 << 20;
        char buf[4096];
        for (;;) {
            const ssize_t n = read(fileno(log_), buf, sizeof buf);
            if (n <= 0) return;  // the child and every copy of its end are gone
            std::lock_guard lock(mutex_);
            logged_.append(buf, static_cast<std::size_t>(n));
            if (logged_.size() > 2 * kept) logged_.erase(0, logged_.size() - kept);
        }
    });
}

server_process::~server_process() {
    if (pid_ > 0) stop();
    if (reader_.joinable()) reader_.join();
    if (log_) std::fclose(log_);
}

void server_process::kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

int server_process::stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

long server_process::rss_kib() const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    std::string key;
    while (status >> key) {
        if (key == "VmRSS:") {
            long value = 0;
            status >> value;
            return value;
        }
        status.ignore(1 << 12, '\n');
    }
    return 0;
}

double server_process::cpu_seconds() const {
    std::ifstream stat("/proc/" + std::to_string(pid_) + "/stat");
    std::vector<std::string> fields;
    for (std::string f; stat >> f;) fields.push_back(f);
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    return (std::stod(fields.at(13)) + std::stod(fields.at(14))) / ticks;
}

std::string server_process::drain_log() {
    std::lock_guard lock(mutex_);
    return std::exchange(logged_, {});
}

}  // namespace parley::testing

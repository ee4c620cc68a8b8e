#include "app/process_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace parley::app {
namespace {

/// Seconds since the epoch at which the machine booted (/proc/stat's btime), or 0.
double boot_time_seconds() {
    std::ifstream stat("/proc/stat");
    for (std::string key; stat >> key;) {
        if (key == "btime") {
            double t = 0;
            stat >> t;
            return t;
        }
        stat.ignore(1 << 16, '\n');
    }
    return 0;
}

}  // namespace

std::optional<process_stats> read_process_stats() {
    std::ifstream file("/proc/self/stat");
    std::string line;
    if (!std::getline(file, line)) return std::nullopt;
    // The command name (field 2) may hold spaces: the fields that follow start after its ')'.
    const auto close = line.rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream rest(line.substr(close + 2));
    const std::vector<std::string> f{std::istream_iterator<std::string>(rest), {}};
    // Field 3 (state) is f[0]: utime is field 14, stime 15, starttime 22, vsize 23, rss 24.
    if (f.size() < 22) return std::nullopt;
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
    process_stats out;
    out.cpu_seconds = (std::stod(f[11]) + std::stod(f[12])) / ticks;
    out.start_time_seconds = boot_time_seconds() + std::stod(f[19]) / ticks;
    out.virtual_bytes = std::stod(f[20]);
    out.resident_bytes = std::stod(f[21]) * page;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        ++out.open_fds;
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) out.max_fds = static_cast<double>(limit.rlim_cur);
    return out;
}

}  // namespace parley::app

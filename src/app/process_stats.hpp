#pragma once
// What the kernel says about this process, for the process_* metrics every Prometheus client
// library exports.
#include <optional>

namespace parley::app {

/// This process's resources, read from /proc/self.
struct process_stats {
    double cpu_seconds = 0;         ///< user + system
    double resident_bytes = 0;      ///< RSS
    double virtual_bytes = 0;       ///< address space
    double open_fds = 0;            ///< descriptors open now
    double max_fds = 0;             ///< the soft RLIMIT_NOFILE
    double start_time_seconds = 0;  ///< since the Unix epoch
};

/// Reads them; nullopt where /proc cannot be read. Any thread; a few small file reads.
[[nodiscard]] std::optional<process_stats> read_process_stats();

}  // namespace parley::app

#pragma once
// --log-format json: one JSON object per log line, for log shippers.
#include <spdlog/formatter.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace parley::app {

/// One log event as a line of JSON: {"time":"2026-11-24T21:58:03.123Z","level":"info",
/// "message":"..."}, the message escaped by Boost.JSON, the time in UTC with milliseconds.
std::string json_log_line(std::chrono::system_clock::time_point time, std::string_view level,
                          std::string_view message);

/// An spdlog formatter writing json_log_line() lines; install with spdlog::set_formatter.
class json_log_formatter final : public spdlog::formatter {
  public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
    std::unique_ptr<spdlog::formatter> clone() const override;
};

}  // namespace parley::app

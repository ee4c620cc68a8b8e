#include "net/session_checker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <unordered_set>

#include "config.hpp"

namespace parley::net {

session_checker::session_checker(boost::asio::any_io_executor timer_executor,
                                 boost::asio::any_io_executor work_executor,
                                 connection_tracker& connections, auth::accounts& accounts,
                                 std::chrono::milliseconds interval)
    : timer_(std::move(timer_executor)),
      work_(std::move(work_executor)),
      connections_(connections),
      accounts_(accounts),
      interval_(interval) {}

void session_checker::start() { arm(); }

void session_checker::stop() { timer_.cancel(); }

void session_checker::arm() {
    timer_.expires_after(interval_);
    timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) boost::asio::post(work_, [this] { check(); });
    });
}

void session_checker::check() {
    const auto open = connections_.open_sessions();
    std::unordered_set<std::string> ended(open.begin(), open.end());
    for (std::size_t at = 0; at < open.size(); at += limits::session_check_batch) {
        const auto end = std::min(open.size(), at + limits::session_check_batch);
        auto live = accounts_.live_sessions({open.begin() + at, open.begin() + end});
        if (live.has_error()) {
            spdlog::warn("session check skipped: {}", live.error().message);
            ended.clear();
            break;
        }
        for (const auto& s : *live) ended.erase(s);
    }
    if (!ended.empty()) connections_.close_sessions(ended);
    boost::asio::post(timer_.get_executor(), [this] { arm(); });
}

}  // namespace parley::net

#include "files/file_sweeper.hpp"

#include <boost/asio/post.hpp>

#include "config.hpp"

namespace parley::files {

file_sweeper::file_sweeper(boost::asio::any_io_executor timer_executor,
                           boost::asio::any_io_executor work_executor, file_service& files)
    : timer_(std::move(timer_executor)), work_(std::move(work_executor)), files_(files) {}

void file_sweeper::start() { arm(std::chrono::minutes(1)); }

void file_sweeper::stop() { timer_.cancel(); }

void file_sweeper::arm(std::chrono::steady_clock::duration after) {
    timer_.expires_after(after);
    timer_.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        boost::asio::post(work_, [this] {
            files_.sweep(std::chrono::system_clock::now(), limits::unattached_file_age,
                         limits::unnamed_blob_age);
            boost::asio::post(timer_.get_executor(), [this] { arm(limits::file_sweep_interval); });
        });
    });
}

}  // namespace parley::files

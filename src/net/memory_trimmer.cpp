#include "net/memory_trimmer.hpp"

#include <malloc.h>

#include <boost/asio/post.hpp>

namespace parley::net {

memory_trimmer::memory_trimmer(boost::asio::any_io_executor timer_executor,
                               boost::asio::any_io_executor work_executor,
                               std::chrono::milliseconds interval, std::size_t threshold)
    : timer_(std::move(timer_executor)),
      work_(std::move(work_executor)),
      interval_(interval),
      threshold_(threshold) {}

void memory_trimmer::start() { arm(); }

void memory_trimmer::stop() { timer_.cancel(); }

void memory_trimmer::arm() {
    timer_.expires_after(interval_);
    timer_.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        check();
        arm();
    });
}

void memory_trimmer::check() {
    const std::size_t now = released_.load(std::memory_order_relaxed);
    const bool quiet = now == seen_;
    seen_ = now;
    if (!quiet || now - at_last_trim_ < threshold_) return;
    at_last_trim_ = now;
    boost::asio::post(work_, [this] {
        malloc_trim(0);
        ++trims_;
    });
}

}  // namespace parley::net

#include "chat/append_gatherer.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <utility>

#include "config.hpp"

namespace parley::chat {

append_gatherer::append_gatherer(boost::asio::strand<boost::asio::any_io_executor>& strand,
                                 std::function<void(batch)> hand_over)
    : strand_(strand), hand_over_(std::move(hand_over)) {}

void append_gatherer::add(store::message_log::append_request a) {
    queued_.push_back(std::move(a));
    if (queued_.size() > 1) return;  // the hand-over is scheduled already
    rounds_ = 0;
    schedule();
}

void append_gatherer::schedule() {
    seen_ = queued_.size();
    // Behind everything the thread has queued (the reads of this turn, the strand's work), not
    // just behind the strand's own queue.
    boost::asio::post(strand_.get_inner_executor(),
                      [this] { boost::asio::dispatch(strand_, [this] { look(); }); });
}

void append_gatherer::look() {
    // More came since the last look: the burst is still arriving; look again after it.
    if (queued_.size() > seen_ && ++rounds_ < limits::append_gather_rounds &&
        queued_.size() < limits::log_batch_max)
        return schedule();
    hand_over_(std::exchange(queued_, {}));
}

}  // namespace parley::chat

#pragma once
// A room shard's appends of one turn, gathered and handed to the message log together.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/strand.hpp>
#include <functional>
#include <vector>

#include "store/message_log.hpp"

namespace parley::chat {

/// Gathers the appends that arrive in one turn of a strand's thread and hands them over in one
/// call (the message log's append_many): a burst shares one commit instead of its first message
/// waking the writer alone. The hand-over is scheduled behind everything the thread has queued
/// and put off while a look finds more arrived, at most limits::append_gather_rounds times and
/// never past limits::log_batch_max appends. Strand-bound: add() only on `strand`, and the
/// hand-over runs there too; the strand must outlive the gatherer's scheduled work.
class append_gatherer {
  public:
    using batch = std::vector<store::message_log::append_request>;

    append_gatherer(boost::asio::strand<boost::asio::any_io_executor>& strand,
                    std::function<void(batch)> hand_over);

    /// Queues `a`; the first of a burst schedules the hand-over. Order is kept.
    void add(store::message_log::append_request a);

  private:
    void schedule();
    void look();

    boost::asio::strand<boost::asio::any_io_executor>& strand_;
    std::function<void(batch)> hand_over_;
    batch queued_;          // gathered, not yet handed over
    std::size_t seen_ = 0;  // how many were queued when the hand-over was scheduled
    int rounds_ = 0;        // how often this burst's hand-over was put off
};

}  // namespace parley::chat

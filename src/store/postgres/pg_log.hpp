#pragma once
// store::message_log over PostgreSQL: group commit of multi-row batches, reads on the pool.
#include <span>

#include "store/append_queue.hpp"
#include "store/message_log.hpp"
#include "store/postgres/pg_pool.hpp"

namespace parley::store::postgres {

/// Messages in one PostgreSQL database, shared safely by several Parley nodes.
///
/// The append queue's thread stores each batch in one transaction: it locks the batch's rooms'
/// counter rows in id order (so batches from several nodes never deadlock), finds retried
/// clientMsgIds, takes each new message's seq from its room's counter, inserts them with one
/// multi-row INSERT, moves the counters and commits: five round trips and one fsync whatever
/// the batch's size. A room locked by another node's batch waits for its commit, so seq order
/// is commit order. If the fast path hits a bad row (a deleted room's message, a clientMsgId
/// another node stored a moment ago) the batch is redone one message at a time with a savepoint
/// each, so that one bad message fails alone. A lost connection fails the batch with
/// unavailable; the pool reconnects. Thread-safe; the pool must outlive it.
class pg_log final : public message_log {
  public:
    pg_log(pg_pool& writer, pg_pool& readers, std::size_t max_batch);

    void append(new_message m, append_callback done) override;
    void append_many(std::vector<append_request> batch) override;
    result<page> read(id_t room_id, const page_request& r) override;
    result<std::vector<std::pair<id_t, std::int64_t>>> last_seqs(
        const std::vector<id_t>& rooms) override;
    result<std::vector<message>> read_ranges(const std::vector<seq_range>& ranges) override;
    result<search_results> search(const search_request& r) override;
    void close() override;
    log_stats stats() const override;

  private:
    std::vector<result<saved_message>> store_batch(std::span<const pending_append> batch);

    pg_pool& writer_;
    pg_pool& readers_;
    append_queue queue_;  // last: its thread stops first
};

}  // namespace parley::store::postgres

#pragma once
// store::message_log over SQLite: one writer thread with group commit, reads on the readers.
#include <span>

#include "config.hpp"
#include "store/append_queue.hpp"
#include "store/message_log.hpp"
#include "store/sqlite/database.hpp"

namespace parley::store::sqlite {

/// Messages in one SQLite database.
///
/// A dedicated thread takes every append waiting when it wakes (up to `max_batch`), stores them
/// in one transaction with a savepoint per message (one bad message fails alone), commits (one
/// fsync for the whole burst), then runs their callbacks in order on that thread. Reads use the
/// database's read connections, so they never wait behind a commit. Thread-safe.
class sqlite_log final : public message_log {
  public:
    sqlite_log(database& db, std::size_t max_batch);

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
    /// Stores a batch in one transaction; one result per message, in order.
    std::vector<result<saved_message>> store_batch(std::span<const pending_append> batch);

    database& db_;
    // Writer thread only: about how many stored rows the search index lacks (at first: assume
    // a whole chunk, until a step has looked).
    std::int64_t unindexed_ = limits::search_index_chunk_rows;
    append_queue queue_;  // last: its thread stops first
};

}  // namespace parley::store::sqlite

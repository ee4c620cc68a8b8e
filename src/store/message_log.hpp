#pragma once
// The hot path of persistence: each room's messages in seq order, appended asynchronously.
#include <algorithm>
#include <climits>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "metrics/instruments.hpp"
#include "store/errors.hpp"
#include "store/types.hpp"

namespace parley::store {

/// Which messages of a room a read returns.
struct page_request {
    enum class from {
        newest,      ///< the newest `limit`
        after_seq,   ///< the first `limit` with seq > bound (catch-up, forward paging)
        before_seq,  ///< the last `limit` with seq < bound (paging back)
        before_id,   ///< the last `limit` with id < bound (REST's older `before`)
        around_seq,  ///< up to limit/2 + 1 with seq <= bound and the rest after it (a jump)
    };
    from where = from::newest;
    std::int64_t bound = 0;
    int limit = 100;
};

/// One read: rows oldest first, whether more exist in the paging direction (newer ones for
/// after_seq, older ones otherwise; for around_seq both, has_newer telling the newer side), and
/// the room's last seq, all from one snapshot. Message rows show each message as it is now
/// (text, deleted, reply quote, reactions). Only after_seq returns the changes (edits,
/// deletions, reactions) too, in seq order: what a catch-up replays; the other pages hold
/// messages only.
struct page {
    std::vector<message> messages;
    bool has_more = false;
    std::int64_t last_seq = 0;
    bool has_newer = false;
};

/// For backends, which read one message more than `r.limit` to learn whether more exist: drops
/// that extra one (the newest for after_seq, else the oldest) and sets has_more.
inline void trim_to_limit(page& p, const page_request& r) {
    if (r.where == page_request::from::around_seq) {
        // Read: up to limit/2 + 1 at or before the seq, up to limit - limit/2 + 1 after it.
        const auto older = std::count_if(p.messages.begin(), p.messages.end(),
                                         [&](const message& m) { return m.seq <= r.bound; });
        const auto newer = static_cast<std::int64_t>(p.messages.size()) - older;
        if (newer > r.limit - r.limit / 2) {
            p.has_newer = true;
            p.messages.pop_back();
        }
        if (older > r.limit / 2) {
            p.has_more = true;
            p.messages.erase(p.messages.begin());
        }
        return;
    }
    if (static_cast<int>(p.messages.size()) <= r.limit) return;
    p.has_more = true;
    if (r.where == page_request::from::after_seq)
        p.messages.pop_back();
    else
        p.messages.erase(p.messages.begin());
}

/// A room's messages with seq in (after, through]: a catch-up whose end is known.
struct seq_range {
    id_t room_id = 0;
    std::int64_t after = 0;
    std::int64_t through = 0;
};

/// A search of the messages of the rooms `user_id` is a member of.
struct search_request {
    id_t user_id = 0;
    std::string query;           ///< trimmed, not empty, matched as a substring ignoring case
    id_t room_id = 0;            ///< only this room (0: every room of the user)
    id_t before_id = INT64_MAX;  ///< only messages with a smaller id (the next page)
    int limit = 20;
};

/// A message found, with the name and kind of its room.
struct search_hit {
    message msg;
    std::string room_name;
    parley::room_kind kind = parley::room_kind::group;  ///< of the room
};

/// Messages found, newest first, and whether older ones match too.
struct search_results {
    std::vector<search_hit> hits;
    bool has_more = false;
};

/// For backends, which read one hit more than `limit` to learn whether more exist: drops that
/// extra (oldest) one and sets has_more.
inline void trim_to_limit(search_results& r, int limit) {
    if (static_cast<int>(r.hits.size()) <= limit) return;
    r.hits.pop_back();
    r.has_more = true;
}

/// Counters for operators and tests.
struct log_stats {
    std::uint64_t appended = 0;  ///< messages stored (duplicates not counted)
    std::uint64_t commits = 0;   ///< committed transactions that stored at least one
    std::uint64_t failed = 0;    ///< appends answered with an error
    std::size_t queued = 0;      ///< appends waiting for the next batch now
    /// How long each batch took to store and commit (its fsync included).
    metrics::latency_histogram::snapshot commit_seconds;
};

/// The messages of every room.
///
/// append() never blocks: the message joins the backend's next group commit and `done` runs
/// once the message is durable (or has failed), on a thread of the log's own, in commit order.
/// Each stored message takes the next seq of its room in its storing transaction, so seq order
/// is commit order and no seq is skipped. A message whose (sender, room, client_msg_id) is already
/// stored is not stored again: `done` gets the original, marked duplicate. `done` must not
/// block; post any real work elsewhere.
///
/// read() and last_seqs() block (call them from the blocking pool) and never wait behind a
/// commit.
class message_log {
  public:
    using append_callback = std::function<void(result<saved_message>)>;
    /// One message to store and what to call once it is stored (or refused).
    struct append_request {
        new_message msg;
        append_callback done;
    };

    virtual ~message_log() = default;

    /// Queues a message to store; thread-safe. After close(), `done` gets errc::unavailable.
    virtual void append(new_message m, append_callback done) = 0;
    /// Queues several messages at once, in this order: a writer that is idle is woken once for
    /// all of them, so they share a commit (up to its batch limit) instead of the first going
    /// alone. Thread-safe. This default appends them one by one.
    virtual void append_many(std::vector<append_request> batch) {
        for (auto& a : batch) append(std::move(a.msg), std::move(a.done));
    }
    /// A page of a room's messages; not_found if the room does not exist. Thread-safe.
    [[nodiscard]] virtual result<page> read(id_t room_id, const page_request& r) = 0;
    /// The last seq of each of `rooms` that exists (a room that does not is left out), from one
    /// query: what a node compares with what it delivered after its bus was away. Blocks;
    /// thread-safe.
    [[nodiscard]] virtual result<std::vector<std::pair<id_t, std::int64_t>>> last_seqs(
        const std::vector<id_t>& rooms) = 0;
    /// The messages of every range, ordered by room then seq, from one query: what a node
    /// reads to catch up many rooms at once after its bus was away. A range of a room that does
    /// not exist gives nothing. The caller bounds the ranges' total size. Blocks; thread-safe.
    [[nodiscard]] virtual result<std::vector<message>> read_ranges(
        const std::vector<seq_range>& ranges) = 0;
    /// Messages (not changes, not deleted) of the user's rooms whose text contains the query, in
    /// any script, ignoring case as the backend's index does (both fold ASCII; SQLite also other
    /// scripts' letters). Queries of three characters or more use a trigram index; shorter ones
    /// look through the newest limits::search_short_scan_rows messages only. Blocks; thread-safe.
    [[nodiscard]] virtual result<search_results> search(const search_request& r) = 0;
    /// Finishes every append made so far, then refuses new ones. Idempotent; thread-safe.
    virtual void close() = 0;
    /// What has been stored so far. Thread-safe.
    [[nodiscard]] virtual log_stats stats() const = 0;
};

}  // namespace parley::store

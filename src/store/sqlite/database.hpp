#pragma once
// The connections of one SQLite database: one writer, and readers that never wait behind it.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_db.hpp"

namespace parley::store::sqlite {

class database;

/// Exclusive use of one connection until destroyed: the writer (its lock held) or a reader
/// (taken from the pool and given back). Movable, not copyable.
class lease {
  public:
    lease(lease&& other) noexcept;
    lease& operator=(lease&&) = delete;
    ~lease();

    connection& operator*() const { return *conn_; }
    connection* operator->() const { return conn_; }

  private:
    friend class database;
    lease(connection* c, std::unique_lock<std::mutex> write_lock, database* pool)
        : conn_(c), write_lock_(std::move(write_lock)), pool_(pool) {}

    connection* conn_;
    std::unique_lock<std::mutex> write_lock_;  // held for the writer
    database* pool_;                           // set for a reader, which goes back to it
};

/// One SQLite database in WAL mode (synchronous=FULL: a commit is on disk when it returns).
///
/// Writes go through the one writer connection, one lease at a time; SQLite allows one writer
/// anyway. Reads use a pool of read-only connections that see the last committed state and
/// never wait for a write in progress. A private ":memory:" database cannot be shared between
/// connections, so there reads use the writer too. Thread-safe.
class database {
  public:
    /// Opens or creates the database at `path`; nullptr with `why` filled on failure.
    /// `max_readers` bounds the read connections opened (each is opened on first need); a
    /// statement waits up to `busy_timeout` for a lock another process holds, then fails.
    static std::unique_ptr<database> open(const std::string& path, std::size_t max_readers,
                                          std::string& why, std::chrono::milliseconds busy_timeout);
    ~database();

    /// The writer; blocks while another thread holds it. Once the database file has been
    /// deleted or replaced under it, the writer refuses every write (they would be lost) and
    /// says so once in the log; only a restart on a good file ends that.
    [[nodiscard]] lease write();
    /// Whether writes can be made now: the file is where it was and writable, and the write
    /// lock can be had within `wait`. For readiness checks; blocks up to `wait`.
    bool writable(std::chrono::milliseconds wait);
    /// Whether the database file was lost (see write()).
    bool lost() const { return lost_.load(); }
    /// A reader; blocks only while all `max_readers` are in use. Falls back to the writer if a
    /// new read connection cannot be opened.
    [[nodiscard]] lease read();

  private:
    friend class lease;
    database(std::string path, std::unique_ptr<connection> writer, std::size_t max_readers,
             std::chrono::milliseconds busy_timeout);
    void give_back(connection* reader);

    const std::string path_;
    const std::size_t max_readers_;
    const std::chrono::milliseconds busy_timeout_;
    std::mutex write_mutex_;
    std::unique_ptr<connection> writer_;  // GUARDED_BY(write_mutex_)
    std::atomic<bool> lost_{false};

    std::mutex pool_mutex_;
    std::condition_variable reader_free_;
    std::vector<std::unique_ptr<connection>> readers_;  // GUARDED_BY(pool_mutex_): all opened
    std::vector<connection*> idle_;                     // GUARDED_BY(pool_mutex_)
};

}  // namespace parley::store::sqlite

#include "store/sqlite/database.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "config.hpp"

namespace parley::store::sqlite {
namespace {

// WAL lets readers proceed during a write; FULL fsyncs every commit so an acknowledged message
// survives a crash. Group commit amortizes that fsync over many messages.
constexpr const char* writer_setup =
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
// Readers never write; the busy timeout covers the brief moments a checkpoint locks the WAL.
constexpr const char* reader_setup = "PRAGMA query_only=ON;";

bool in_memory(const std::string& path) { return path == ":memory:" || path.empty(); }

}  // namespace

lease::lease(lease&& other) noexcept
    : conn_(other.conn_), write_lock_(std::move(other.write_lock_)), pool_(other.pool_) {
    other.conn_ = nullptr;
    other.pool_ = nullptr;
}

lease::~lease() {
    if (!conn_) return;
    if (auto left = conn_->release(); !left.empty())
        spdlog::warn("sqlite: a query left open was ended: {}", left);
    if (pool_) pool_->give_back(conn_);
}

std::unique_ptr<database> database::open(const std::string& path, std::size_t max_readers,
                                         std::string& why, std::chrono::milliseconds busy_timeout) {
    auto writer = connection::open(path, why);
    if (!writer) return nullptr;
    if (writer->exec(writer_setup) != SQLITE_OK) {
        why = writer->last_error();
        return nullptr;
    }
    writer->busy_timeout(busy_timeout);
    return std::unique_ptr<database>(
        new database(path, std::move(writer), in_memory(path) ? 0 : max_readers, busy_timeout));
}

database::database(std::string path, std::unique_ptr<connection> writer, std::size_t max_readers,
                   std::chrono::milliseconds busy_timeout)
    : path_(std::move(path)),
      max_readers_(max_readers),
      busy_timeout_(busy_timeout),
      writer_(std::move(writer)) {}

database::~database() = default;

lease database::write() {
    std::unique_lock lock(write_mutex_);
    if (!in_memory(path_) && !lost_ && writer_->file_moved()) {
        lost_ = true;
        spdlog::critical(
            "sqlite: {} was deleted or replaced while in use; refusing every write from now on "
            "(it would be lost). Put the file back (or a backup) and restart.",
            path_);
        writer_->exec("PRAGMA query_only=ON");
    }
    return lease(writer_.get(), std::move(lock), nullptr);
}

bool database::writable(std::chrono::milliseconds wait) {
    auto w = write();
    if (lost_) return false;
    if (in_memory(path_)) return true;
    // access() reports a read-only file system even to root.
    if (access(path_.c_str(), W_OK) != 0) return false;
    w->busy_timeout(wait);
    const bool locked = w->exec("BEGIN IMMEDIATE") == SQLITE_OK;
    if (locked) w->exec("ROLLBACK");
    w->busy_timeout(busy_timeout_);
    return locked;
}

lease database::read() {
    if (max_readers_ == 0) return write();
    std::unique_lock lock(pool_mutex_);
    if (idle_.empty() && readers_.size() < max_readers_) {
        std::string why;
        auto reader = connection::open(path_, why);
        if (!reader || reader->exec(reader_setup) != SQLITE_OK) {
            spdlog::warn("sqlite: cannot open a read connection ({}); reading on the writer",
                         reader ? reader->last_error() : why);
            lock.unlock();
            return write();
        }
        reader->busy_timeout(busy_timeout_);
        readers_.push_back(std::move(reader));
        return lease(readers_.back().get(), {}, this);
    }
    reader_free_.wait(lock, [&] { return !idle_.empty(); });
    connection* c = idle_.back();
    idle_.pop_back();
    return lease(c, {}, this);
}

void database::give_back(connection* reader) {
    {
        std::lock_guard lock(pool_mutex_);
        idle_.push_back(reader);
    }
    reader_free_.notify_one();
}

}  // namespace parley::store::sqlite

#pragma once
// One SQLite database as a store::bundle.
#include <memory>
#include <string>

#include "config.hpp"
#include "store/bundle.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/sqlite_accounts.hpp"
#include "store/sqlite/sqlite_files.hpp"
#include "store/sqlite/sqlite_log.hpp"
#include "store/sqlite/sqlite_rooms.hpp"

namespace parley::store::sqlite {

/// How an SQLite database is used.
struct sqlite_options {
    std::size_t max_readers = limits::sqlite_readers;
    std::size_t max_batch = limits::log_batch_max;
    /// How long a statement waits for a lock another process holds (see limits).
    std::chrono::milliseconds busy_timeout = limits::sqlite_busy_timeout;
};

/// The embedded default database: a file in WAL mode (or a private ":memory:" one).
class sqlite_bundle final : public bundle {
  public:
    /// Opens or creates the database at `path`; nullptr with `why` filled on failure.
    static std::unique_ptr<sqlite_bundle> open(const std::string& path, std::string& why,
                                               sqlite_options options = {});

    result<void> migrate() override;
    store::accounts& accounts() override { return accounts_; }
    store::rooms& rooms() override { return rooms_; }
    store::message_log& log() override { return log_; }
    store::files& files() override { return files_; }
    result<void> export_rows(const rows_sink& sink, std::size_t batch) override;
    result<std::unique_ptr<importer>> import_rows() override;

  private:
    sqlite_bundle(std::unique_ptr<database> db, sqlite_options options);

    std::unique_ptr<database> db_;
    sqlite_accounts accounts_;
    sqlite_rooms rooms_;
    sqlite_files files_;
    sqlite_log log_;  // last: its writer thread stops first
};

}  // namespace parley::store::sqlite

#pragma once
// One PostgreSQL database as a store::bundle.
#include <chrono>
#include <memory>
#include <string>

#include "config.hpp"
#include "store/bundle.hpp"
#include "store/postgres/pg_accounts.hpp"
#include "store/postgres/pg_files.hpp"
#include "store/postgres/pg_log.hpp"
#include "store/postgres/pg_pool.hpp"
#include "store/postgres/pg_rooms.hpp"

namespace parley::store::postgres {

/// How a PostgreSQL database is used.
struct pg_options {
    std::size_t pool_size = limits::postgres_pool_size;
    std::chrono::milliseconds pool_wait = limits::postgres_pool_wait;
    std::size_t max_batch = limits::log_batch_max;
};

/// The production database, which several nodes may share. The message log writes on a
/// connection of its own; accounts, rooms and reads share a bounded pool.
class pg_bundle final : public bundle {
  public:
    /// Connects to `url` (postgres://user:pass@host:port/db); nullptr with `why` filled when
    /// the database cannot be reached.
    static std::unique_ptr<pg_bundle> open(const std::string& url, std::string& why,
                                           pg_options options = {});

    /// Applies the missing migrations under an advisory lock, so that nodes starting at once
    /// take turns and each step runs once.
    result<void> migrate() override;
    store::accounts& accounts() override { return accounts_; }
    store::rooms& rooms() override { return rooms_; }
    store::message_log& log() override { return log_; }
    store::files& files() override { return files_; }
    result<void> export_rows(const rows_sink& sink, std::size_t batch) override;
    result<std::unique_ptr<importer>> import_rows() override;

  private:
    pg_bundle(const std::string& url, pg_options options);

    pg_pool pool_;
    pg_pool writer_;
    pg_accounts accounts_;
    pg_rooms rooms_;
    pg_files files_;
    pg_log log_;  // last: its writer thread stops first
};

}  // namespace parley::store::postgres

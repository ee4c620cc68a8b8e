#include "store/sqlite/sqlite_bundle.hpp"

#include <spdlog/spdlog.h>

#include "store/migration.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/sqlite_tables.hpp"

namespace parley::store::sqlite {

std::unique_ptr<sqlite_bundle> sqlite_bundle::open(const std::string& path, std::string& why,
                                                   sqlite_options options) {
    auto db = database::open(path, options.max_readers, why, options.busy_timeout);
    if (!db) return nullptr;
    return std::unique_ptr<sqlite_bundle>(new sqlite_bundle(std::move(db), options));
}

sqlite_bundle::sqlite_bundle(std::unique_ptr<database> db, sqlite_options options)
    : db_(std::move(db)),
      accounts_(*db_),
      rooms_(*db_),
      files_(*db_),
      log_(*db_, options.max_batch) {}

result<void> sqlite_bundle::migrate() {
    auto db = db_->write();
    if (db->exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                 " version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)") != SQLITE_OK)
        return fail(*db, "create schema_migrations");
    for (const auto& m : migrations()) {
        auto* check = db->prepare("SELECT 1 FROM schema_migrations WHERE version = ?", m.version);
        auto applied = one<int>(*db, check, "migration check", [](const statement&) { return 1; });
        if (applied) continue;
        if (applied.error() != errc::not_found) return applied.error();

        if (!begin(*db, true)) return fail(*db, "begin migration");
        transaction_guard tx(*db);
        if (db->exec(m.sql) != SQLITE_OK) return fail(*db, "apply migration");
        auto* mark = db->prepare(
            "INSERT INTO schema_migrations(version, applied_at) VALUES (?, unixepoch() * 1000)",
            m.version);
        if (auto r = run(*db, mark, "record migration"); !r) return r.error();
        if (db->exec("COMMIT") != SQLITE_OK) return fail(*db, "commit migration");
        tx.committed();
        spdlog::info("sqlite: applied schema migration {}", m.version);
    }
    return {};
}

result<void> sqlite_bundle::export_rows(const rows_sink& sink, std::size_t batch) {
    return sqlite::export_rows(*db_, sink, batch);
}

result<std::unique_ptr<importer>> sqlite_bundle::import_rows() { return sqlite::import_rows(*db_); }

}  // namespace parley::store::sqlite

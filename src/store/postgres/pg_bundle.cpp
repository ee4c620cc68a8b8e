#include "store/postgres/pg_bundle.hpp"

#include <spdlog/spdlog.h>

#include "store/migration.hpp"
#include "store/postgres/pg_rows.hpp"
#include "store/postgres/pg_tables.hpp"

namespace parley::store::postgres {
namespace {
/// The advisory lock key that serializes migrations across nodes ("parley" in ASCII).
constexpr std::int64_t migration_lock = 0x7061726c6579;
}  // namespace

std::unique_ptr<pg_bundle> pg_bundle::open(const std::string& url, std::string& why,
                                           pg_options options) {
    // One connection up front: a wrong URL or a server that is down fails here, clearly.
    if (!pg_connection::connect(url, why)) return nullptr;
    return std::unique_ptr<pg_bundle>(new pg_bundle(url, options));
}

pg_bundle::pg_bundle(const std::string& url, pg_options options)
    : pool_(url, options.pool_size, options.pool_wait),
      writer_(url, 1, options.pool_wait),
      accounts_(pool_),
      rooms_(pool_),
      files_(pool_),
      log_(writer_, pool_, options.max_batch) {}

result<void> pg_bundle::migrate() {
    auto c = pool_.acquire();
    if (!c) return c.error();
    auto& db = **c;
    if (auto r = db.query("SELECT pg_advisory_lock($1)", migration_lock); !r.ok())
        return fail(r, "lock for migration");
    auto unlock = [&] { db.query("SELECT pg_advisory_unlock($1)", migration_lock); };
    auto r = db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
    if (!r.ok()) return unlock(), fail(r, "create schema_migrations");
    for (const auto& m : migrations()) {
        auto done = db.query("SELECT 1 FROM schema_migrations WHERE version = $1", m.version);
        if (!done.ok()) return unlock(), fail(done, "check migration");
        if (done.rows() > 0) continue;
        // One transaction per step: its SQL (several statements, run as a script) and its record.
        auto step = db.script(std::string("BEGIN;\n") + m.sql +
                              "\n;INSERT INTO schema_migrations(version, applied_at) VALUES (" +
                              std::to_string(m.version) +
                              ", (extract(epoch from now()) * 1000)::bigint);\nCOMMIT;");
        if (!step.ok()) {
            db.exec("ROLLBACK");
            return unlock(), fail(step, "apply migration");
        }
        spdlog::info("postgres: applied schema migration {}", m.version);
    }
    unlock();
    return {};
}

result<void> pg_bundle::export_rows(const rows_sink& sink, std::size_t batch) {
    return postgres::export_rows(pool_, sink, batch);
}

result<std::unique_ptr<importer>> pg_bundle::import_rows() { return postgres::import_rows(pool_); }

}  // namespace parley::store::postgres

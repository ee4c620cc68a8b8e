// sqlite_store: opening, migrations, users and sessions.
#include "store/sqlite/sqlite_store.hpp"

#include <spdlog/spdlog.h>

#include "store/sqlite/migrations.hpp"
#include "store/sqlite/rows.hpp"

namespace parley::store::sqlite {

std::unique_ptr<sqlite_store> sqlite_store::open(const std::string& path, std::string& why) {
    auto db = connection::open(path, why);
    if (!db) return nullptr;
    // WAL lets readers proceed during a write; FULL fsyncs every commit so an acknowledged
    // message survives a crash. Group commit amortizes that fsync over many messages.
    const char* setup =
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=5000;";
    if (db->exec(setup) != SQLITE_OK) {
        why = db->last_error();
        return nullptr;
    }
    return std::unique_ptr<sqlite_store>(new sqlite_store(std::move(db)));
}

boost::system::error_code sqlite_store::fail(const char* what) {
    const int code = db_->extended_errcode();
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
        return errc::conflict;
    if (code == SQLITE_CONSTRAINT_FOREIGNKEY || code == SQLITE_CONSTRAINT_NOTNULL ||
        code == SQLITE_CONSTRAINT_CHECK)
        return errc::invalid_argument;
    spdlog::error("sqlite: {} failed: {} (code {})", what, db_->last_error(), code);
    return errc::unavailable;
}

result<int> sqlite_store::run(statement* st, const char* what) {
    if (!st || st->step() != SQLITE_DONE) return fail(what);
    return db_->changes();
}

result<void> sqlite_store::migrate() {
    std::lock_guard lock(mutex_);
    if (db_->exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                  " version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)") != SQLITE_OK)
        return fail("create schema_migrations");
    for (const auto& m : migrations()) {
        auto* check = db_->prepare("SELECT 1 FROM schema_migrations WHERE version = ?", m.version);
        if (!check) return fail("prepare migration check");
        if (check->step() == SQLITE_ROW) continue;

        if (db_->exec("BEGIN IMMEDIATE") != SQLITE_OK) return fail("begin migration");
        transaction_guard tx(*db_);
        if (db_->exec(m.sql) != SQLITE_OK) return fail("apply migration");
        auto* mark = db_->prepare(
            "INSERT INTO schema_migrations(version, applied_at) VALUES (?, unixepoch() * 1000)",
            m.version);
        if (auto r = run(mark, "record migration"); !r) return r.error();
        if (db_->exec("COMMIT") != SQLITE_OK) return fail("commit migration");
        tx.committed();
        spdlog::info("sqlite: applied schema migration {}", m.version);
    }
    return {};
}

result<user> sqlite_store::create_user(const new_user& u, millis_t now) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare(
        "INSERT INTO users (username, email, password_hash, created_at) VALUES (?, ?, ?, ?)"
        " RETURNING " +
            user_returning,
        u.username, u.email, u.password_hash, now);
    return one<user>(st, "create_user", [](const statement& s) { return read_user(s); });
}

result<user_credentials> sqlite_store::find_credentials(std::string_view username) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare(
        "SELECT " + user_columns + ", u.password_hash FROM users u WHERE u.username = ?", username);
    return one<user_credentials>(st, "find_credentials", [](const statement& s) {
        return user_credentials{read_user(s), s.text(user_column_count)};
    });
}

result<user> sqlite_store::find_user(id_t id) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare("SELECT " + user_columns + " FROM users u WHERE u.id = ?", id);
    return one<user>(st, "find_user", [](const statement& s) { return read_user(s); });
}

result<user> sqlite_store::find_user_by_name(std::string_view username) {
    std::lock_guard lock(mutex_);
    auto* st =
        db_->prepare("SELECT " + user_columns + " FROM users u WHERE u.username = ?", username);
    return one<user>(st, "find_user_by_name", [](const statement& s) { return read_user(s); });
}

result<void> sqlite_store::create_session(const session& s) {
    std::lock_guard lock(mutex_);
    // Expired sessions of this user are swept here, so the table does not grow forever.
    auto* sweep = db_->prepare("DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?",
                               s.user_id, s.created_at);
    if (auto r = run(sweep, "sweep sessions"); !r) return r.error();
    auto* st = db_->prepare(
        "INSERT INTO sessions(token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        s.token_hash, s.user_id, s.created_at, s.expires_at);
    if (auto r = run(st, "create_session"); !r) return r.error();
    return {};
}

result<user> sqlite_store::find_session_user(std::string_view token_hash, millis_t now) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare("SELECT " + user_columns +
                                " FROM sessions s JOIN users u ON u.id = s.user_id"
                                " WHERE s.token_hash = ? AND s.expires_at > ?",
                            token_hash, now);
    return one<user>(st, "find_session_user", [](const statement& s) { return read_user(s); });
}

result<void> sqlite_store::delete_session(std::string_view token_hash) {
    std::lock_guard lock(mutex_);
    auto* st = db_->prepare("DELETE FROM sessions WHERE token_hash = ?", token_hash);
    if (auto r = run(st, "delete_session"); !r) return r.error();
    return {};
}

}  // namespace parley::store::sqlite

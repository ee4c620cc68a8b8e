#pragma once
// A thin RAII layer over the SQLite C API: a connection, prepared statements with bound
// parameters, and a cache so each SQL text is prepared once. Not thread-safe; the owner locks.
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace parley::store::sqlite {

/// One prepared statement. Parameters bind by 1-based index; columns read by 0-based index.
class statement {
  public:
    explicit statement(sqlite3_stmt* s) : stmt_(s) {}
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;
    ~statement() { sqlite3_finalize(stmt_); }

    /// Clears earlier bindings and results so the statement can run again.
    void reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    void bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
    void bind(int i, int v) { bind(i, std::int64_t{v}); }
    void bind(int i, bool v) { bind(i, std::int64_t{v}); }
    void bind(int i, const std::string& v) { bind(i, std::string_view(v)); }
    void bind(int i, std::string_view v) {
        sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    void bind(int i, const std::optional<std::string>& v) {
        if (v)
            bind(i, std::string_view(*v));
        else
            sqlite3_bind_null(stmt_, i);
    }
    void bind(int i, const std::optional<std::int64_t>& v) {
        if (v)
            bind(i, *v);
        else
            sqlite3_bind_null(stmt_, i);
    }
    /// Runs one step: SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return sqlite3_step(stmt_); }

    std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
    std::string text(int col) const {
        auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
                 : std::string();
    }
    bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
    std::optional<std::string> optional_text(int col) const {
        if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
        return text(col);
    }

  private:
    sqlite3_stmt* stmt_;
};

/// An open database connection with a statement cache.
class connection {
  public:
    /// Opens (creating if needed) the file at `path`; ":memory:" opens a private in-memory db.
    /// On failure returns nullptr and fills `why`.
    static std::unique_ptr<connection> open(const std::string& path, std::string& why);

    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;
    ~connection();

    /// Runs SQL without results (may hold several statements). Returns an SQLite result code.
    int exec(const char* sql);
    /// The cached prepared statement for `sql`, reset and ready to bind; nullptr if invalid.
    statement* prepare(const std::string& sql);
    /// The same, with `args` bound to parameters 1, 2, ... in order.
    template <class... Args>
    statement* prepare(const std::string& sql, const Args&... args) {
        statement* st = prepare(sql);
        int i = 0;
        if (st) (st->bind(++i, args), ...);
        return st;
    }
    /// How long a statement waits for another connection's lock before failing SQLITE_BUSY.
    void busy_timeout(std::chrono::milliseconds t) {
        sqlite3_busy_timeout(db_, static_cast<int>(t.count()));
    }
    /// Whether a transaction is open. SQLite rolls one back by itself after some errors (a full
    /// disk, an I/O error): statements after that would each commit on their own.
    bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
    /// Whether the database file was deleted, renamed or replaced since it was opened: writes
    /// would then go to a file nobody will open again.
    bool file_moved() const {
        int moved = 0;
        sqlite3_file_control(db_, "main", SQLITE_FCNTL_HAS_MOVED, &moved);
        return moved != 0;
    }
    /// Ends whatever a use of the connection left behind: resets every statement still stepping
    /// (an open statement holds a read snapshot, and a stale snapshot makes the next write fail
    /// with SQLITE_BUSY_SNAPSHOT once another process has written) and rolls back a transaction
    /// left open. Returns the SQL of the statements it had to reset, for a log line.
    std::string release();
    /// The message of the most recent error, for logs.
    std::string last_error() const { return sqlite3_errmsg(db_); }
    std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
    /// Rows changed by the most recent INSERT, UPDATE or DELETE.
    int changes() const { return sqlite3_changes(db_); }
    /// The extended code of the most recent error (e.g. SQLITE_CONSTRAINT_UNIQUE).
    int extended_errcode() const { return sqlite3_extended_errcode(db_); }

  private:
    explicit connection(sqlite3* db) : db_(db) {}
    sqlite3* db_;
    std::unordered_map<std::string, std::unique_ptr<statement>> cache_;
};

}  // namespace parley::store::sqlite

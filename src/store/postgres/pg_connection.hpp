#pragma once
// libpq, wrapped: one connection, its results, and the mapping of PostgreSQL's errors to errc.
// Internal to store/postgres/.
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/errors.hpp"

namespace parley::store::postgres {

/// One statement parameter in libpq's text format; nullopt is SQL NULL.
using param = std::optional<std::string>;

/// Converts what queries pass to parameters.
inline param to_param(std::int64_t v) { return std::to_string(v); }
inline param to_param(int v) { return std::to_string(v); }
inline param to_param(bool v) { return std::string(v ? "t" : "f"); }
inline param to_param(std::string_view v) { return std::string(v); }
inline param to_param(const std::string& v) { return v; }
inline param to_param(const char* v) { return std::string(v); }
inline param to_param(const std::optional<std::string>& v) { return v; }
inline param to_param(const std::optional<std::int64_t>& v) {
    return v ? param(std::to_string(*v)) : param();
}

/// A query's result. Owns its PGresult. Row and column indexes are not checked.
class pg_result {
  public:
    explicit pg_result(PGresult* r = nullptr) : r_(r, &PQclear) {}

    /// Whether the statement succeeded (a command, or rows).
    bool ok() const;
    /// The SQLSTATE of a failure ("" if none), and its message.
    std::string sqlstate() const;
    std::string message() const;

    int rows() const { return PQntuples(r_.get()); }
    bool is_null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
    std::string text(int row, int col) const { return PQgetvalue(r_.get(), row, col); }
    std::optional<std::string> optional_text(int row, int col) const;
    std::int64_t int64(int row, int col) const;
    bool boolean(int row, int col) const { return *PQgetvalue(r_.get(), row, col) == 't'; }
    /// Rows changed by an INSERT, UPDATE or DELETE.
    std::int64_t affected() const;

  private:
    std::unique_ptr<PGresult, void (*)(PGresult*)> r_;
};

/// One connection to PostgreSQL. Used by one thread at a time; owns its PGconn.
class pg_connection {
  public:
    /// Connects to `url` (a postgres:// URL or a libpq conninfo string); nullptr and `why` on
    /// failure.
    static std::unique_ptr<pg_connection> connect(const std::string& url, std::string& why);

    /// Runs one statement with text parameters ($1, $2, ...).
    pg_result exec(const std::string& sql, const std::vector<param>& params = {});
    template <class... Args>
    pg_result query(const std::string& sql, const Args&... args) {
        return exec(sql, {to_param(args)...});
    }
    /// Runs several statements separated by semicolons, without parameters (a migration); the
    /// result is the last statement's, or the first failure.
    pg_result script(const std::string& sql) { return pg_result(PQexec(conn_.get(), sql.c_str())); }
    /// Whether the connection still works; a broken one is dropped by its pool.
    bool healthy() const { return PQstatus(conn_.get()) == CONNECTION_OK; }
    /// Whether no transaction is open.
    bool idle() const { return PQtransactionStatus(conn_.get()) == PQTRANS_IDLE; }
    /// Whether a connection that sat idle can still be trusted, asked without a round trip: the
    /// server sends nothing to an idle session unless it is ending it (a restart, a crash, an
    /// administrator's kill: a termination notice, then end of stream), so anything readable, or
    /// a socket in error, means no. Does not block.
    bool survived_idling() const;

  private:
    explicit pg_connection(PGconn* c) : conn_(c, &PQfinish) {}
    std::unique_ptr<PGconn, void (*)(PGconn*)> conn_;
};

/// The errc of a failed result: unique violations are conflicts, foreign-key, not-null and check
/// violations invalid arguments, everything else (connection lost, server gone, out of space)
/// unavailable, which is logged with `what`.
boost::system::error_code fail(const pg_result& r, const char* what);

}  // namespace parley::store::postgres

#include "store/postgres/pg_connection.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>

#include <charconv>

namespace parley::store::postgres {

bool pg_result::ok() const {
    if (!r_) return false;
    const auto status = PQresultStatus(r_.get());
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

std::string pg_result::sqlstate() const {
    const char* s = r_ ? PQresultErrorField(r_.get(), PG_DIAG_SQLSTATE) : nullptr;
    return s ? s : "";
}

std::string pg_result::message() const {
    return r_ ? PQresultErrorMessage(r_.get()) : "no result (connection lost)";
}

std::optional<std::string> pg_result::optional_text(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return text(row, col);
}

std::int64_t pg_result::int64(int row, int col) const {
    const char* v = PQgetvalue(r_.get(), row, col);
    std::int64_t out = 0;
    std::from_chars(v, v + PQgetlength(r_.get(), row, col), out);
    return out;
}

std::int64_t pg_result::affected() const {
    const char* n = PQcmdTuples(r_.get());
    std::int64_t out = 0;
    std::from_chars(n, n + std::char_traits<char>::length(n), out);
    return out;
}

std::unique_ptr<pg_connection> pg_connection::connect(const std::string& url, std::string& why) {
    PGconn* c = PQconnectdb(url.c_str());
    if (!c || PQstatus(c) != CONNECTION_OK) {
        why = c ? PQerrorMessage(c) : "out of memory";
        while (!why.empty() && why.back() == '\n') why.pop_back();
        if (c) PQfinish(c);
        return nullptr;
    }
    // Notices (e.g. "relation already exists, skipping") are not errors; keep them out of logs.
    PQsetNoticeProcessor(
        c, [](void*, const char*) {}, nullptr);
    return std::unique_ptr<pg_connection>(new pg_connection(c));
}

bool pg_connection::survived_idling() const {
    if (!healthy()) return false;
    pollfd socket{PQsocket(conn_.get()), POLLIN, 0};
    if (socket.fd < 0) return false;
    return ::poll(&socket, 1, 0) == 0;  // nothing to read, no error, no hang-up
}

pg_result pg_connection::exec(const std::string& sql, const std::vector<param>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    return pg_result(PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()),
                                  nullptr, values.data(), nullptr, nullptr, 0));
}

boost::system::error_code fail(const pg_result& r, const char* what) {
    const std::string state = r.sqlstate();
    if (state == "23505") return errc::conflict;  // unique_violation
    if (state == "23503" || state == "23502" || state == "23514") return errc::invalid_argument;
    spdlog::error("postgres: {} failed: {} (SQLSTATE {})", what, r.message(),
                  state.empty() ? "none" : state);
    return errc::unavailable;
}

}  // namespace parley::store::postgres

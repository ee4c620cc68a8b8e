#include "support/test_database.hpp"

#include <cstdlib>
#include <stdexcept>

#include "store/postgres/pg_connection.hpp"
#include "store/sqlite/sqlite_db.hpp"

namespace parley::testing {

std::string test_backend() {
    const char* backend = std::getenv("PARLEY_TEST_BACKEND");
    if (!backend || !*backend || std::string(backend) == "sqlite") return "sqlite";
    if (std::string(backend) == "postgres") return "postgres";
    throw std::runtime_error("PARLEY_TEST_BACKEND must be sqlite or postgres, not " +
                             std::string(backend));
}

test_database::test_database() {
    if (test_backend() == "postgres") {
        postgres_ = std::make_unique<postgres_database>();
        url_ = postgres_->url();
    } else {
        url_ = "sqlite:" + dir_.file("parley.db");
    }
}

std::int64_t test_database::scalar(const std::string& sql) const {
    std::string why;
    if (postgres_) {
        auto c = store::postgres::pg_connection::connect(url_, why);
        if (!c) throw std::runtime_error(why);
        auto r = c->exec(sql);
        if (!r.ok() || r.rows() != 1) throw std::runtime_error(sql + ": " + r.message());
        return r.int64(0, 0);
    }
    auto c = store::sqlite::connection::open(dir_.file("parley.db"), why);
    if (!c) throw std::runtime_error(why);
    auto* row = c->prepare(sql);
    if (!row || row->step() != SQLITE_ROW) throw std::runtime_error(sql + ": no row");
    return row->int64(0);
}

}  // namespace parley::testing

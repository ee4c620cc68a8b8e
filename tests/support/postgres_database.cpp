#include "support/postgres_database.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include "store/postgres/pg_connection.hpp"

namespace parley::testing {
namespace {

/// Runs one statement on the admin database; throws if it fails.
void admin(const std::string& url, const std::string& sql) {
    std::string why;
    auto c = store::postgres::pg_connection::connect(url, why);
    if (!c) throw std::runtime_error("cannot reach PARLEY_TEST_PG (" + url + "): " + why);
    if (auto r = c->exec(sql); !r.ok()) throw std::runtime_error(sql + ": " + r.message());
}

}  // namespace

postgres_database::postgres_database() {
    const char* url = std::getenv("PARLEY_TEST_PG");
    if (!url || !*url)
        throw std::runtime_error(
            "PARLEY_TEST_PG is not set: run the tests with make test (or through "
            "scripts/with-postgres.sh), or point it at a server: postgres://user@host:port/db");
    admin_url_ = url;
    static std::atomic<int> counter{0};
    name_ = "parley_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    admin(admin_url_, "CREATE DATABASE " + name_);
    url_ = admin_url_.substr(0, admin_url_.rfind('/') + 1) + name_;
}

postgres_database::~postgres_database() {
    try {
        admin(admin_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
        // The server is gone; its throwaway cluster goes with it.
    }
}

}  // namespace parley::testing

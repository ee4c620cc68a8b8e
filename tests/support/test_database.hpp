#pragma once
// The database one integration or REST test runs on: SQLite, or PostgreSQL when the run asks.
#include <cstdint>
#include <memory>
#include <string>

#include "support/postgres_database.hpp"
#include "support/temp_dir.hpp"

namespace parley::testing {

/// "postgres" when PARLEY_TEST_BACKEND=postgres (ctest runs the integration and REST suites a
/// second time so), else "sqlite".
std::string test_backend();

/// A new, empty database on test_backend(), removed when destroyed: a file in a temporary
/// folder, or a database of its own on $PARLEY_TEST_PG. Throws std::runtime_error when it
/// cannot be made.
class test_database {
  public:
    test_database();

    /// The URL to open it with (store::open, `parley serve --db`).
    const std::string& url() const { return url_; }

    /// The single integer a query such as "SELECT count(*) FROM messages" returns, read
    /// straight from the database (SQL both dialects accept). Throws if the query fails.
    std::int64_t scalar(const std::string& sql) const;

  private:
    temp_dir dir_;
    std::unique_ptr<postgres_database> postgres_;
    std::string url_;
};

}  // namespace parley::testing

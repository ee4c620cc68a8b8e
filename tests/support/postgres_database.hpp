#pragma once
// A fresh PostgreSQL database for one test, on the server PARLEY_TEST_PG names.
#include <string>

namespace parley::testing {

/// Creates an empty database on the server of $PARLEY_TEST_PG (scripts/with-postgres.sh, which
/// make test runs, starts a throwaway one) and drops it again when destroyed. Throws
/// std::runtime_error, with what to do, when PARLEY_TEST_PG is not set or the server refuses.
class postgres_database {
  public:
    postgres_database();
    ~postgres_database();
    postgres_database(const postgres_database&) = delete;
    postgres_database& operator=(const postgres_database&) = delete;

    /// postgres://... of the new database.
    const std::string& url() const { return url_; }

  private:
    std::string admin_url_;
    std::string name_;
    std::string url_;
};

}  // namespace parley::testing

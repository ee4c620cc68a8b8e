#pragma once
// The backends every store contract suite runs against, and the fixture they share. A new
// backend joins by adding a type to `backends`, with no new tests.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/bundle.hpp"
#include "support/postgres_database.hpp"
#include "support/seed.hpp"
#include "support/temp_dir.hpp"

namespace parley::store::contract {

/// Each backend gives the URL of a new, empty database; what must live as long as the database
/// (a PostgreSQL database to drop afterwards) goes into `keep`.
struct sqlite_memory {
    static std::string url(testing::temp_dir&, std::shared_ptr<void>&) { return "sqlite::memory:"; }
};
struct sqlite_file {
    static std::string url(testing::temp_dir& dir, std::shared_ptr<void>&) {
        return "sqlite:" + dir.file("contract.db");
    }
};
struct postgres {
    static std::string url(testing::temp_dir&, std::shared_ptr<void>& keep) {
        auto db = std::make_shared<testing::postgres_database>();
        keep = db;
        return db->url();
    }
};

using backends = ::testing::Types<sqlite_memory, sqlite_file, postgres>;

/// Names the instantiations in test output: ...Contract/sqlite_memory.Test.
struct backend_names {
    template <class B>
    static std::string GetName(int) {
        if constexpr (std::is_same_v<B, sqlite_memory>) return "sqlite_memory";
        if constexpr (std::is_same_v<B, postgres>) return "postgres";
        return "sqlite_file";
    }
};

/// A freshly migrated database of backend B, with helpers to make rows.
template <class B>
class store_fixture : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string why;
        auto opened = open(B::url(dir, keep), why);
        ASSERT_FALSE(opened.has_error()) << why;
        db = std::move(*opened);
        ASSERT_FALSE(db->migrate().has_error());
    }
    void TearDown() override {
        if (db) db->log().close();
    }

    user make_user(const std::string& name) {
        auto u = db->accounts().create_user({name, std::nullopt, "hash-of-" + name}, 1000);
        EXPECT_FALSE(u.has_error());
        return *u;
    }
    room make_room(const user& owner, const std::string& name, bool is_private = false) {
        auto r = db->rooms().create_room({name, is_private, room_kind::group, owner.id}, 1);
        EXPECT_FALSE(r.has_error());
        return *r;
    }
    /// Stores messages and waits until they are durable.
    std::vector<result<saved_message>> save(std::vector<new_message> batch) {
        return testing::append_all(db->log(), std::move(batch));
    }

    testing::temp_dir dir;
    std::shared_ptr<void> keep;  // before db: outlives it
    std::unique_ptr<bundle> db;
};

}  // namespace parley::store::contract

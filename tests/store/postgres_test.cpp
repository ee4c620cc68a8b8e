// What only the PostgreSQL backend promises: migrations under a lock, several nodes writing one
// database, prefix search on indexes, a pool that fails instead of hanging.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "store/migration.hpp"
#include "store/postgres/pg_bundle.hpp"
#include "store/postgres/pg_pool.hpp"
#include "support/postgres_database.hpp"
#include "support/seed.hpp"

namespace parley::store {
namespace {

std::unique_ptr<postgres::pg_bundle> open_node(const std::string& url) {
    std::string why;
    auto db = postgres::pg_bundle::open(url, why);
    EXPECT_TRUE(db) << why;
    return db;
}

TEST(Postgres, NodesStartingAtOnceApplyEachMigrationOnce) {
    testing::postgres_database pg;
    std::vector<std::unique_ptr<postgres::pg_bundle>> nodes;
    for (int i = 0; i < 4; ++i) nodes.push_back(open_node(pg.url()));
    std::vector<std::future<bool>> migrated;
    for (auto& n : nodes)
        migrated.push_back(
            std::async(std::launch::async, [&] { return !n->migrate().has_error(); }));
    for (auto& m : migrated) EXPECT_TRUE(m.get());

    std::string why;
    auto c = postgres::pg_connection::connect(pg.url(), why);
    ASSERT_TRUE(c) << why;
    auto applied = c->exec("SELECT count(*), count(DISTINCT version) FROM schema_migrations");
    ASSERT_TRUE(applied.ok());
    EXPECT_EQ(applied.int64(0, 0), static_cast<std::int64_t>(postgres::migrations().size()));
    EXPECT_EQ(applied.int64(0, 0), applied.int64(0, 1));
}

TEST(Postgres, TwoNodesWritingTheSameRoomsKeepEveryRoomsSeqsGapFree) {
    testing::postgres_database pg;
    auto a = open_node(pg.url()), b = open_node(pg.url());
    ASSERT_FALSE(a->migrate().has_error());
    auto owner = *a->accounts().create_user({"owner", std::nullopt, "h"}, 1);
    std::vector<id_t> rooms;
    for (int r = 0; r < 5; ++r)
        rooms.push_back(
            a->rooms()
                .create_room({"r" + std::to_string(r), false, room_kind::group, owner.id}, 1)
                ->id);
    // Each node sends 200 messages spread over the rooms in opposite orders, at the same time:
    // batches lock rooms in id order, so neither deadlocks.
    auto send = [&](postgres::pg_bundle& node, bool reverse) {
        std::vector<new_message> batch;
        for (int i = 0; i < 200; ++i) {
            const id_t room = rooms[reverse ? 4 - i % 5 : i % 5];
            batch.push_back({room, owner.id, "owner", std::to_string(i), 1, std::nullopt});
        }
        return testing::append_all(node.log(), std::move(batch));
    };
    auto from_a = std::async(std::launch::async, send, std::ref(*a), false);
    auto from_b = std::async(std::launch::async, send, std::ref(*b), true);
    for (const auto& results : {from_a.get(), from_b.get()})
        for (const auto& r : results) EXPECT_FALSE(r.has_error());
    for (id_t room : rooms) {
        const auto messages = testing::recent(a->log(), room, 1000);
        ASSERT_EQ(messages.size(), 80u);
        for (std::size_t i = 0; i < messages.size(); ++i)
            EXPECT_EQ(messages[i].seq, static_cast<std::int64_t>(i + 1));
    }
}

TEST(Postgres, PrefixSearchUsesTheIndexes) {
    testing::postgres_database pg;
    auto db = open_node(pg.url());
    ASSERT_FALSE(db->migrate().has_error());
    std::string why;
    auto c = postgres::pg_connection::connect(pg.url(), why);
    ASSERT_TRUE(c) << why;
    c->exec("SET enable_seqscan = off");  // a table this small would be scanned otherwise
    auto plan = c->query(
        "EXPLAIN SELECT id FROM users WHERE lower(username) ~>=~ lower($1)"
        " AND lower(username) ~<~ (lower($1) || chr(1114111))"
        " UNION SELECT id FROM users WHERE lower(nickname) ~>=~ lower($1)"
        " AND lower(nickname) ~<~ (lower($1) || chr(1114111))",
        std::string("al"));
    ASSERT_TRUE(plan.ok()) << plan.message();
    std::string text;
    for (int i = 0; i < plan.rows(); ++i) text += plan.text(i, 0) + "\n";
    EXPECT_NE(text.find("users_by_name_prefix"), std::string::npos) << text;
    EXPECT_NE(text.find("users_by_nickname_prefix"), std::string::npos) << text;
}

TEST(Postgres, APoolWithNoFreeConnectionFailsAfterItsWait) {
    testing::postgres_database pg;
    postgres::pg_pool pool(pg.url(), 1, std::chrono::milliseconds(100));
    auto held = pool.acquire();
    ASSERT_TRUE(held);
    auto second = pool.acquire();
    ASSERT_TRUE(second.has_error());
    EXPECT_EQ(second.error(), errc::unavailable);
}

TEST(Postgres, ADatabaseThatIsDownFailsFastAndClearly) {
    postgres::pg_pool pool("postgres://nobody@127.0.0.1:1/none", 4, std::chrono::seconds(5));
    const auto start = std::chrono::steady_clock::now();
    auto c = pool.acquire();
    ASSERT_TRUE(c.has_error());
    EXPECT_EQ(c.error(), errc::unavailable);
    EXPECT_TRUE(pool.acquire().has_error());  // within the backoff: no new attempt
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    std::string why;
    EXPECT_FALSE(postgres::pg_bundle::open("postgres://nobody@127.0.0.1:1/none", why));
    EXPECT_NE(why.find("refused"), std::string::npos) << why;
}

}  // namespace
}  // namespace parley::store

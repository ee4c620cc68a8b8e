// What only the SQLite backend promises: its migrations, its file, its read connections.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "store/bundle.hpp"
#include "store/migration.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/sqlite_bundle.hpp"
#include "support/seed.hpp"
#include "support/temp_dir.hpp"

namespace parley::store {
namespace {

std::unique_ptr<sqlite::sqlite_bundle> open_file(const std::string& file) {
    std::string why;
    auto db = sqlite::sqlite_bundle::open(file, why);
    EXPECT_TRUE(db) << why;
    return db;
}

TEST(Sqlite, UrlsNameTheFileAndHowLongToWaitForALock) {
    std::string why;
    auto plain = parse_sqlite_url("sqlite:data/parley.db", why);
    ASSERT_TRUE(plain && *plain);
    EXPECT_EQ((*plain)->path, "data/parley.db");
    EXPECT_EQ((*plain)->busy_timeout, limits::sqlite_busy_timeout);
    auto waiting = parse_sqlite_url("sqlite:/var/lib/parley/p.db?busy_timeout=250", why);
    ASSERT_TRUE(waiting && *waiting);
    EXPECT_EQ((*waiting)->path, "/var/lib/parley/p.db");
    EXPECT_EQ((*waiting)->busy_timeout, std::chrono::milliseconds(250));
    auto other = parse_sqlite_url("postgres://u:p@h/db", why);
    ASSERT_TRUE(other);
    EXPECT_FALSE(*other);
    for (const auto* bad : {"sqlite:x.db?cache=shared", "sqlite:x.db?busy_timeout=-1",
                            "sqlite:x.db?busy_timeout=600001", "sqlite:x.db?busy_timeout=5s",
                            "sqlite:?busy_timeout=10", "sqlite:"}) {
        why.clear();
        auto refused = parse_sqlite_url(bad, why);
        ASSERT_FALSE(refused) << bad;
        EXPECT_EQ(refused.error(), errc::invalid_argument);
        EXPECT_FALSE(why.empty()) << bad;
    }
}

TEST(Sqlite, MigratingTwiceChangesNothing) {
    testing::temp_dir dir;
    auto db = open_file(dir.file("test.db"));
    ASSERT_FALSE(db->migrate().has_error());
    ASSERT_FALSE(db->accounts().create_user({"alice", std::nullopt, "h"}, 1).has_error());
    EXPECT_FALSE(db->migrate().has_error());
    EXPECT_FALSE(db->accounts().find_credentials("alice").has_error());
}

TEST(Sqlite, DataSurvivesReopeningTheFile) {
    testing::temp_dir dir;
    {
        auto db = open_file(dir.file("test.db"));
        ASSERT_FALSE(db->migrate().has_error());
        ASSERT_FALSE(db->accounts().create_user({"alice", std::nullopt, "h"}, 1).has_error());
    }
    auto db = open_file(dir.file("test.db"));
    ASSERT_FALSE(db->migrate().has_error());
    EXPECT_EQ(db->accounts().find_credentials("alice")->account.username, "alice");
}

TEST(Sqlite, TheSearchIndexCatchesUpBetweenCommitsOffTheCommitPath) {
    testing::temp_dir dir;
    const auto file = dir.file("search.db");
    auto db = open_file(file);
    ASSERT_FALSE(db->migrate().has_error());
    auto u = db->accounts().create_user({"alice", std::nullopt, "h"}, 1);
    auto room = db->rooms().create_room({"g", false, room_kind::group, u->id}, 1);
    std::vector<new_message> batch;
    for (int i = 0; i < 500; ++i)
        batch.push_back({room->id, u->id, "alice", "note " + std::to_string(i), 1});
    testing::append_all(db->log(), batch);
    // No search asked for it: the writer indexes while idle, in small steps.
    std::string why;
    auto reader = sqlite::connection::open(file, why);
    ASSERT_TRUE(reader) << why;
    std::int64_t indexed = 0;
    for (int i = 0; i < 200 && indexed < 500; ++i) {
        auto* st = reader->prepare("SELECT count(*) FROM messages_fts");
        ASSERT_TRUE(st);
        ASSERT_EQ(st->step(), SQLITE_ROW);
        indexed = st->int64(0);
        st->reset();
        if (indexed < 500) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(indexed, 500);
    auto found = db->log().search({u->id, "note 499", 0, INT64_MAX, 5});
    ASSERT_FALSE(found.has_error());
    ASSERT_EQ(found->hits.size(), 1u);
}

TEST(Sqlite, MigrationsAreNumberedFromOneWithoutGaps) {
    int expected = 1;
    for (const auto& m : sqlite::migrations()) EXPECT_EQ(m.version, expected++);
    EXPECT_GE(expected, 4);
}

TEST(Sqlite, MigrationBackfillsSeqForMessagesStoredBeforeIt) {
    testing::temp_dir dir;
    const auto file = dir.file("old.db");
    {  // a database as schema version 2 left it
        std::string why;
        auto conn = sqlite::connection::open(file, why);
        ASSERT_TRUE(conn);
        ASSERT_EQ(conn->exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,"
                             " applied_at INTEGER NOT NULL)"),
                  SQLITE_OK);
        for (const auto& m : sqlite::migrations()) {
            if (m.version > 2) break;
            ASSERT_EQ(conn->exec(m.sql), SQLITE_OK);
            conn->exec(
                ("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", 0)")
                    .c_str());
        }
        ASSERT_EQ(
            conn->exec("INSERT INTO users(id, username, password_hash, created_at)"
                       " VALUES (1, 'old', 'h', 0);"
                       "INSERT INTO groups(id, name, created_at) VALUES (1, 'a', 0), (2, 'b', 0);"
                       "INSERT INTO messages(group_id, user_id, content, created_at) VALUES"
                       " (1, 1, 'x', 0), (2, 1, 'y', 0), (1, 1, 'z', 0);"),
            SQLITE_OK);
    }
    auto db = open_file(file);
    ASSERT_FALSE(db->migrate().has_error());
    auto room1 = testing::recent(db->log(), 1, 10);
    ASSERT_EQ(room1.size(), 2u);
    EXPECT_EQ(room1[0].seq, 1);
    EXPECT_EQ(room1[1].seq, 2);
    EXPECT_EQ(room1[1].text, "z");
    EXPECT_EQ(db->rooms().find_room(1)->last_seq, 2);
    EXPECT_EQ(db->rooms().find_room(2)->last_seq, 1);
    auto next = testing::append_all(db->log(), {new_message{1, 1, "old", "new", 1}});
    EXPECT_EQ(next[0]->msg.seq, 3);
}

TEST(Sqlite, ReadsDoNotWaitForAWriteInProgress) {
    testing::temp_dir dir;
    std::string why;
    auto db = sqlite::database::open(dir.file("wal.db"), 2, why, limits::sqlite_busy_timeout);
    ASSERT_TRUE(db) << why;
    {
        auto w = db->write();
        ASSERT_EQ(w->exec("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1);"), SQLITE_OK);
    }
    auto writer = db->write();  // held, inside an open write transaction, for the whole read
    ASSERT_EQ(writer->exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (2);"), SQLITE_OK);
    auto count = std::async(std::launch::async, [&] {
        auto r = db->read();
        auto* st = r->prepare("SELECT count(*) FROM t");
        return st && st->step() == SQLITE_ROW ? st->int64(0) : -1;
    });
    ASSERT_EQ(count.wait_for(std::chrono::seconds(5)), std::future_status::ready)
        << "a read waited for the writer";
    EXPECT_EQ(count.get(), 1) << "a read saw an uncommitted write";
    writer->exec("COMMIT");
}

TEST(OpenStore, RejectsUnknownSchemes) {
    std::string why;
    auto db = open("mysql://x", why);
    ASSERT_TRUE(db.has_error());
    EXPECT_NE(why.find("unsupported"), std::string::npos);
}

TEST(OpenStore, OpensInMemorySqlite) {
    std::string why;
    auto db = open("sqlite::memory:", why);
    ASSERT_FALSE(db.has_error()) << why;
    EXPECT_FALSE((*db)->migrate().has_error());
}

}  // namespace
}  // namespace parley::store

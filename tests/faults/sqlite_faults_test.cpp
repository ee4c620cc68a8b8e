// The SQLite file in trouble while the server runs: locked by another process, out of space,
// deleted. Each failure fails only the requests it hits, with a clear error, and the server
// works again as soon as the cause is gone; nothing is acknowledged that was not stored.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <set>

#include "faults/write_routes.hpp"
#include "integration/helpers.hpp"
#include "store/sqlite/sqlite_bundle.hpp"

namespace parley::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

/// The database file behind a test server ("sqlite:PATH").
fs::path database_file(test_server& server) {
    (void)server;
    const std::string url = server.database_url();
    return url.substr(std::string("sqlite:").size());
}

/// Sends a message and returns the answer: an ack or an error.
json::value send(ws_client& c, store::id_t room, const std::string& text, const std::string& id) {
    c.send_json({{"type", "message"}, {"roomId", room}, {"text", text}, {"clientMsgId", id}});
    for (;;) {
        auto e = c.next(20s);
        if (!e) return json::value{};
        const auto& type = e->at("type").as_string();
        if (type == "ack" || type == "error") return *e;
    }
}

/// The texts of a room's newest messages, as a new joiner sees them.
std::set<std::string> stored_ids(test_server& server, const account& who, store::id_t room) {
    auto c = server.connect(who);
    auto joined = join(*c, room);
    std::set<std::string> out;
    for (const auto& m : joined.at("history").as_array())
        if (const auto* id = m.as_object().if_contains("clientMsgId")) out.emplace(id->as_string());
    return out;
}

class SqliteFaults : public ::testing::Test {
  protected:
    void SetUp() override {
        alice = server.signup("alice");
        room = server.create_group(alice, "ops");
        socket = server.connect(alice);
        join(*socket, room);
    }
    int readyz() { return http_call(server.port(), "GET", "/readyz").status; }
    int create_group(const std::string& name) {
        return http_call(server.port(), "POST", "/groups", {{"name", name}}, alice.token).status;
    }

    test_server server;
    account alice;
    store::id_t room = 0;
    std::unique_ptr<ws_client> socket;
};

TEST_F(SqliteFaults, ALockHeldByAnotherProcessFailsWritesUntilItIsReleased) {
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(database_file(server).c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);

    auto refused = send(*socket, room, "while locked", "locked-1");
    EXPECT_EQ(refused.at("type"), "error") << refused;
    EXPECT_EQ(refused.at("code"), "save_failed");
    EXPECT_EQ(refused.at("clientMsgId"), "locked-1");
    auto rest = http_call(server.port(), "POST", "/groups", {{"name", "later"}}, alice.token);
    EXPECT_EQ(rest.status, 503);
    EXPECT_EQ(rest.body.at("error").at("code"), "unavailable");
    EXPECT_EQ(readyz(), 503) << "a database that takes no writes is not ready";
    EXPECT_EQ(http_call(server.port(), "GET", "/groups", nullptr, alice.token).status, 200)
        << "reads go on";

    ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(other);
    EXPECT_EQ(readyz(), 200);
    EXPECT_EQ(send(*socket, room, "after", "after-1").at("type"), "ack");
    EXPECT_EQ(create_group("later"), 201);
    EXPECT_EQ(stored_ids(server, alice, room), (std::set<std::string>{"after-1"}));
}

TEST_F(SqliteFaults, AFullDiskFailsWritesAndTheyWorkAgainOnceThereIsRoom) {
    // A file size limit stands in for a full disk: writes past it fail (EFBIG) as they would
    // with ENOSPC. The signal it raises is ignored, as the server binary does.
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit saved{};
    ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
    const auto file = database_file(server);
    std::uintmax_t largest = 0;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::error_code ec;
        largest = std::max(largest, fs::file_size(file.string() + suffix, ec) * !ec);
    }
    rlimit tight = saved;
    tight.rlim_cur = largest + 64 * 1024;
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &tight), 0);

    std::set<std::string> acked;
    int failed = 0;
    const std::string text(3000, 'x');
    for (int i = 0; i < 200 && failed < 3; ++i) {
        const auto id = "full-" + std::to_string(i);
        auto answer = send(*socket, room, text, id);
        if (answer.at("type") == "ack")
            acked.insert(id);
        else
            failed += answer.at("code") == "save_failed";
    }
    EXPECT_EQ(failed, 3) << "writes past the limit were acknowledged";
    // A small write may still fit where the failed (larger) ones left room: REST writes succeed
    // honestly until there is none, then answer 503.
    int created = 0, refused = 0;
    for (int i = 0; i < 200 && refused == 0; ++i) {
        const int status = create_group("no room " + std::to_string(i));
        if (status == 503)
            ++refused;
        else if (status == 201)
            ++created;
        else
            ADD_FAILURE() << "creating a group answered " << status;
    }
    EXPECT_EQ(refused, 1) << "REST writes past the limit were accepted";

    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &saved), 0);
    std::signal(SIGXFSZ, old_handler);
    EXPECT_EQ(send(*socket, room, "room again", "after-full").at("type"), "ack");
    EXPECT_EQ(create_group("room again"), 201);
    auto listed =
        http_call(server.port(), "GET", "/groups?q=no%20room&limit=200", nullptr, alice.token);
    EXPECT_EQ(listed.body.at("groups").as_array().size(), static_cast<std::size_t>(created))
        << "every group answered 201 is stored, and none refused";
    acked.insert("after-full");
    auto stored = stored_ids(server, alice, room);
    for (const auto& id : acked) EXPECT_TRUE(stored.contains(id)) << id << " was acked, not stored";
    EXPECT_EQ(stored.size(), acked.size()) << "a refused message was stored";
}

TEST_F(SqliteFaults, ADeletedDatabaseFileIsNoticedAndWritesAreRefused) {
    EXPECT_EQ(readyz(), 200);
    const auto file = database_file(server);
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);

    auto refused = send(*socket, room, "into the void", "void-1");
    EXPECT_EQ(refused.at("type"), "error") << refused;
    EXPECT_EQ(refused.at("code"), "save_failed");
    EXPECT_EQ(create_group("lost"), 503);
    auto ready = http_call(server.port(), "GET", "/readyz");
    EXPECT_EQ(ready.status, 503);
    EXPECT_EQ(ready.body.at("checks").at("database"), "unavailable");
}

}  // namespace
}  // namespace parley::testing

namespace parley::testing {
namespace {

// The database file moved away (deleted, renamed, replaced): the server refuses every write.
// The moved file is what the writes would have gone to: it must be as it was.
TEST(SqliteWriteRoutes, EveryWriteRouteAnswers503AndChangesNothingWhenTheFileIsGone) {
    test_server server;
    const auto file = database_file(server);
    const auto moved = file.string() + ".moved";
    check_every_write_route_refused(
        server,
        [&] {
            for (const char* suffix : {"", "-wal", "-shm"})
                if (fs::exists(file.string() + suffix))
                    fs::rename(file.string() + suffix, moved + suffix);
        },
        [&] {
            std::string why;
            auto db = store::sqlite::sqlite_bundle::open(moved, why);
            if (!db) return "cannot open " + moved + ": " + why;
            return dump(*db);
        });
}

// Another process holds the write lock (a long transaction in a sqlite3 shell): each write waits
// the busy timeout (short here, so that 18 routes take seconds) and fails.
TEST(SqliteWriteRoutes, EveryWriteRouteAnswers503AndChangesNothingWhileAnotherProcessHoldsTheLock) {
    test_server server(test_server::test_config(), "?busy_timeout=100");
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(database_file(server).c_str(), &other), SQLITE_OK);
    check_every_write_route_refused(
        server,
        [&] {
            ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
        },
        [&] {
            EXPECT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
            return dump(server.db());
        });
    sqlite3_close(other);
}

// The disk full: a file size limit of one byte after the log was checkpointed into the main
// file, so that the next write to the write-ahead log fails at once (EFBIG, as ENOSPC would).
TEST(SqliteWriteRoutes, EveryWriteRouteAnswers503AndChangesNothingWhenTheDiskIsFull) {
    test_server server;
    const auto file = database_file(server);
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit saved{};
    ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
    check_every_write_route_refused(
        server,
        [&] {
            sqlite3* other = nullptr;
            ASSERT_EQ(sqlite3_open(file.c_str(), &other), SQLITE_OK);
            EXPECT_EQ(
                sqlite3_exec(other, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr),
                SQLITE_OK);
            sqlite3_close(other);
            rlimit full = saved;
            full.rlim_cur = 1;
            ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &full), 0);
        },
        [&] {
            EXPECT_EQ(setrlimit(RLIMIT_FSIZE, &saved), 0);
            std::signal(SIGXFSZ, old_handler);
            return dump(server.db());
        });
}

}  // namespace
}  // namespace parley::testing

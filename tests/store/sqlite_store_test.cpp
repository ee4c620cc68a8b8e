#include "store/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>

#include "store/sqlite/migrations.hpp"
#include "support/temp_dir.hpp"

namespace parley::store {
namespace {

class SqliteStore : public ::testing::Test {
protected:
    void SetUp() override {
        std::string why;
        db = sqlite::sqlite_store::open(dir.file("test.db"), why);
        ASSERT_TRUE(db) << why;
        ASSERT_FALSE(db->migrate().has_error());
    }
    user make_user(const std::string& name) {
        auto u = db->create_user({name, std::nullopt, "hash-of-" + name}, 1000);
        EXPECT_FALSE(u.has_error());
        return *u;
    }

    testing::temp_dir dir;
    std::unique_ptr<sqlite::sqlite_store> db;
};

TEST_F(SqliteStore, MigratingTwiceChangesNothing) {
    EXPECT_FALSE(db->migrate().has_error());
    make_user("alice");
    EXPECT_FALSE(db->migrate().has_error());
    EXPECT_FALSE(db->find_credentials("alice").has_error());
}

TEST_F(SqliteStore, MigrationsSurviveReopeningTheFile) {
    make_user("alice");
    db.reset();
    std::string why;
    db = sqlite::sqlite_store::open(dir.file("test.db"), why);
    ASSERT_TRUE(db);
    ASSERT_FALSE(db->migrate().has_error());
    EXPECT_EQ(db->find_credentials("alice")->account.username, "alice");
}

TEST_F(SqliteStore, UsernamesAreUniqueIgnoringCase) {
    make_user("Alice");
    auto again = db->create_user({"aLICE", std::nullopt, "h"}, 1000);
    ASSERT_TRUE(again.has_error());
    EXPECT_EQ(again.error(), errc::conflict);
    EXPECT_EQ(db->find_credentials("ALICE")->account.username, "Alice");
}

TEST_F(SqliteStore, CredentialsCarryTheHash) {
    const auto u = make_user("bob");
    auto c = db->find_credentials("bob");
    ASSERT_FALSE(c.has_error());
    EXPECT_EQ(c->account.id, u.id);
    EXPECT_EQ(c->password_hash, "hash-of-bob");
    EXPECT_EQ(db->find_credentials("nobody").error(), errc::not_found);
}

TEST_F(SqliteStore, SessionsExpire) {
    const auto u = make_user("carol");
    ASSERT_FALSE(db->create_session({"h1", u.id, 100, 200}).has_error());
    EXPECT_EQ(db->find_session_user("h1", 150)->id, u.id);
    EXPECT_EQ(db->find_session_user("h1", 200).error(), errc::not_found);
    EXPECT_EQ(db->find_session_user("other", 150).error(), errc::not_found);
}

TEST_F(SqliteStore, DeletedSessionsAreGone) {
    const auto u = make_user("dave");
    ASSERT_FALSE(db->create_session({"h2", u.id, 100, 200}).has_error());
    ASSERT_FALSE(db->delete_session("h2").has_error());
    EXPECT_EQ(db->find_session_user("h2", 150).error(), errc::not_found);
    EXPECT_FALSE(db->delete_session("h2").has_error());
}

TEST_F(SqliteStore, CreatorOwnsNewGroup) {
    const auto u = make_user("erin");
    auto g = db->create_group({"room", false, "group", u.id}, 5);
    ASSERT_FALSE(g.has_error());
    EXPECT_EQ(g->name, "room");
    EXPECT_EQ(db->find_group(g->id)->created_by, u.id);
    auto m = db->members(g->id);
    ASSERT_EQ(m->size(), 1u);
    EXPECT_EQ((*m)[0].role, "owner");
    EXPECT_TRUE(*db->is_member(g->id, u.id));
}

TEST_F(SqliteStore, PrivateGroupsAreVisibleOnlyToMembers) {
    const auto a = make_user("amy");
    const auto b = make_user("ben");
    auto pub = db->create_group({"public", false, "group", a.id}, 1);
    auto priv = db->create_group({"secret", true, "group", a.id}, 2);
    EXPECT_EQ(db->group_summaries(a.id, "")->size(), 2u);
    auto seen = db->group_summaries(b.id, "");
    ASSERT_EQ(seen->size(), 1u);
    EXPECT_EQ((*seen)[0].info.id, pub->id);
    ASSERT_FALSE(db->add_member(priv->id, b.id, "member", 3).has_error());
    EXPECT_EQ(db->group_summaries(b.id, "")->size(), 2u);
}

TEST_F(SqliteStore, AddingAMemberTwiceIsANoOp) {
    const auto a = make_user("amy");
    const auto b = make_user("ben");
    auto g = db->create_group({"g", false, "group", a.id}, 1);
    EXPECT_FALSE(db->add_member(g->id, b.id, "member", 2).has_error());
    EXPECT_FALSE(db->add_member(g->id, b.id, "member", 3).has_error());
    EXPECT_EQ(db->members(g->id)->size(), 2u);
}

TEST_F(SqliteStore, SavedBatchComesBackInOrder) {
    const auto u = make_user("fay");
    auto g = db->create_group({"g", false, "group", u.id}, 1);
    std::vector<new_message> batch;
    for (int i = 0; i < 5; ++i) batch.push_back({g->id, u.id, "fay", "m" + std::to_string(i), 10 + i});
    auto saved = db->save_messages(batch);
    ASSERT_EQ(saved.size(), 5u);
    for (int i = 0; i < 5; ++i) {
        ASSERT_FALSE(saved[i].has_error());
        EXPECT_EQ(saved[i]->msg.text, "m" + std::to_string(i));
        EXPECT_EQ(saved[i]->msg.seq, i + 1);
        EXPECT_FALSE(saved[i]->duplicate);
    }
}

TEST_F(SqliteStore, OneBadMessageDoesNotSinkTheBatch) {
    const auto u = make_user("gus");
    auto g = db->create_group({"g", false, "group", u.id}, 1);
    std::vector<new_message> batch{{g->id, u.id, "gus", "ok1", 1},
                                   {987654, u.id, "gus", "no room", 2},
                                   {g->id, u.id, "gus", "ok2", 3}};
    auto saved = db->save_messages(batch);
    EXPECT_FALSE(saved[0].has_error());
    ASSERT_TRUE(saved[1].has_error());
    EXPECT_EQ(saved[1].error(), errc::invalid_argument);
    EXPECT_FALSE(saved[2].has_error());
    EXPECT_EQ(db->recent_messages(g->id, 10)->size(), 2u);
}

TEST_F(SqliteStore, RecentMessagesAreTheNewestOldestFirst) {
    const auto u = make_user("hal");
    auto g = db->create_group({"g", false, "group", u.id}, 1);
    std::vector<new_message> batch;
    for (int i = 0; i < 150; ++i) batch.push_back({g->id, u.id, "hal", std::to_string(i), i});
    (void)db->save_messages(batch);
    auto recent = db->recent_messages(g->id, 100);
    ASSERT_EQ(recent->size(), 100u);
    EXPECT_EQ(recent->front().text, "50");
    EXPECT_EQ(recent->back().text, "149");
    EXPECT_EQ(recent->back().sender, "hal");
}

TEST_F(SqliteStore, SeqCountsEachRoomWithoutGaps) {
    const auto u = make_user("ivy");
    auto g1 = db->create_group({"one", false, "group", u.id}, 1);
    auto g2 = db->create_group({"two", false, "group", u.id}, 1);
    std::vector<new_message> batch{{g1->id, u.id, "ivy", "a", 1}, {g2->id, u.id, "ivy", "b", 2},
                                   {987654, u.id, "ivy", "no room", 3}, {g1->id, u.id, "ivy", "c", 4}};
    auto saved = db->save_messages(batch);
    EXPECT_EQ(saved[0]->msg.seq, 1);
    EXPECT_EQ(saved[1]->msg.seq, 1);
    EXPECT_TRUE(saved[2].has_error());
    EXPECT_EQ(saved[3]->msg.seq, 2) << "a failed message must not leave a gap";
    EXPECT_EQ(db->find_group(g1->id)->last_seq, 2);
}

TEST_F(SqliteStore, ARetriedClientMsgIdIsStoredOnce) {
    const auto u = make_user("jay");
    auto g = db->create_group({"g", false, "group", u.id}, 1);
    new_message m{g->id, u.id, "jay", "hello", 1, "c-1"};
    auto first = db->save_messages(std::vector{m});
    auto retry = db->save_messages(std::vector{m, m});
    ASSERT_FALSE(first[0].has_error());
    EXPECT_FALSE(first[0]->duplicate);
    for (const auto& r : retry) {
        ASSERT_FALSE(r.has_error());
        EXPECT_TRUE(r->duplicate);
        EXPECT_EQ(r->msg.id, first[0]->msg.id);
        EXPECT_EQ(r->msg.seq, 1);
    }
    EXPECT_EQ(db->recent_messages(g->id, 10)->size(), 1u);
    // Another sender may use the same id.
    const auto other = make_user("kim");
    auto theirs = db->save_messages(std::vector{new_message{g->id, other.id, "kim", "hi", 2, "c-1"}});
    EXPECT_FALSE(theirs[0]->duplicate);
    EXPECT_EQ(theirs[0]->msg.seq, 2);
}

TEST_F(SqliteStore, PagesBySeqInBothDirections) {
    const auto u = make_user("lea");
    auto g = db->create_group({"g", false, "group", u.id}, 1);
    std::vector<new_message> batch;
    for (int i = 1; i <= 30; ++i) batch.push_back({g->id, u.id, "lea", std::to_string(i), i});
    (void)db->save_messages(batch);
    auto after = db->messages_after_seq(g->id, 10, 5);
    ASSERT_EQ(after->size(), 5u);
    EXPECT_EQ(after->front().seq, 11);
    EXPECT_EQ(after->back().seq, 15);
    auto before = db->messages_before_seq(g->id, 10, 5);
    ASSERT_EQ(before->size(), 5u);
    EXPECT_EQ(before->front().seq, 5);
    EXPECT_EQ(before->back().seq, 9);
    EXPECT_TRUE(db->messages_after_seq(g->id, 30, 5)->empty());
}

TEST(StoreMigrations, BackfillSeqForMessagesStoredBeforeIt) {
    testing::temp_dir dir;
    const auto file = dir.file("old.db");
    {  // a database as schema version 2 left it
        std::string why;
        auto conn = sqlite::connection::open(file, why);
        ASSERT_TRUE(conn);
        ASSERT_EQ(conn->exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)"), SQLITE_OK);
        for (const auto& m : sqlite::migrations()) {
            if (m.version > 2) break;
            ASSERT_EQ(conn->exec(m.sql), SQLITE_OK);
            conn->exec(("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", 0)").c_str());
        }
        ASSERT_EQ(conn->exec("INSERT INTO users(id, username, password_hash, created_at) VALUES (1, 'old', 'h', 0);"
                             "INSERT INTO groups(id, name, created_at) VALUES (1, 'a', 0), (2, 'b', 0);"
                             "INSERT INTO messages(group_id, user_id, content, created_at) VALUES"
                             " (1, 1, 'x', 0), (2, 1, 'y', 0), (1, 1, 'z', 0);"), SQLITE_OK);
    }
    std::string why;
    auto db = sqlite::sqlite_store::open(file, why);
    ASSERT_FALSE(db->migrate().has_error());
    auto room1 = db->recent_messages(1, 10);
    ASSERT_EQ(room1->size(), 2u);
    EXPECT_EQ((*room1)[0].seq, 1);
    EXPECT_EQ((*room1)[1].seq, 2);
    EXPECT_EQ((*room1)[1].text, "z");
    EXPECT_EQ(db->find_group(1)->last_seq, 2);
    EXPECT_EQ(db->find_group(2)->last_seq, 1);
    auto next = db->save_messages(std::vector{new_message{1, 1, "old", "new", 1}});
    EXPECT_EQ(next[0]->msg.seq, 3);
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

#include "store/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>

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
    EXPECT_EQ(db->visible_groups(a.id)->size(), 2u);
    auto seen = db->visible_groups(b.id);
    ASSERT_EQ(seen->size(), 1u);
    EXPECT_EQ((*seen)[0].id, pub->id);
    ASSERT_FALSE(db->add_member(priv->id, b.id, "member", 3).has_error());
    EXPECT_EQ(db->visible_groups(b.id)->size(), 2u);
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
        EXPECT_EQ(saved[i]->text, "m" + std::to_string(i));
        if (i > 0) {
            EXPECT_GT(saved[i]->id, saved[i - 1]->id);
        }
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

#include "store/job_queue.hpp"

#include <gtest/gtest.h>

#include <future>

#include "store/sqlite/sqlite_store.hpp"
#include "support/faulty_store.hpp"
#include "support/temp_dir.hpp"

namespace parley::store {
namespace {

class JobQueue : public ::testing::Test {
protected:
    void SetUp() override {
        std::string why;
        sqlite = sqlite::sqlite_store::open(dir.file("q.db"), why);
        ASSERT_TRUE(sqlite);
        ASSERT_FALSE(sqlite->migrate().has_error());
        owner = *sqlite->create_user({"owner", std::nullopt, "h"}, 1);
        room = *sqlite->create_group({"g", false, "group", owner.id}, 1);
        faulty = std::make_unique<testing::faulty_store>(*sqlite);
    }
    new_message msg(const std::string& text) { return {room.id, owner.id, "owner", text, 1}; }

    testing::temp_dir dir;
    std::unique_ptr<sqlite::sqlite_store> sqlite;
    std::unique_ptr<testing::faulty_store> faulty;
    user owner;
    group room;
};

TEST_F(JobQueue, RunsJobsAndSavesInPostingOrder) {
    std::vector<std::string> seen;  // touched only on the queue thread
    {
        job_queue q(*faulty);
        for (int i = 0; i < 50; ++i) {
            q.post([&, i](store&) { seen.push_back("job" + std::to_string(i)); });
            q.post_save(msg("m" + std::to_string(i)), nullptr,
                        [&](result<saved_message> r) { seen.push_back(r ? r->msg.text : "failed"); });
        }
    }  // the destructor drains the queue
    ASSERT_EQ(seen.size(), 100u);
    for (int i = 0; i < 50; ++i) {
        EXPECT_EQ(seen[2 * i], "job" + std::to_string(i));
        EXPECT_EQ(seen[2 * i + 1], "m" + std::to_string(i));
    }
}

TEST_F(JobQueue, CommitsABurstOfMessagesTogether) {
    std::promise<void> entered, release;
    auto gate = release.get_future().share();
    {
        job_queue q(*faulty);
        q.post([&entered, gate](store&) {  // hold the thread while messages pile up
            entered.set_value();
            gate.wait();
        });
        entered.get_future().wait();  // the queue thread is inside the gate: the burst waits
        for (int i = 0; i < 200; ++i) q.post_save(msg("m"), nullptr, [](result<saved_message>) {});
        release.set_value();
    }
    const auto sizes = faulty->batch_sizes();
    ASSERT_FALSE(sizes.empty());
    EXPECT_EQ(sizes.front(), 200u);
    EXPECT_EQ(sqlite->recent_messages(room.id, 500)->size(), 200u);
}

TEST_F(JobQueue, AdmitCanStampOrDropAMessage) {
    std::vector<std::string> saved;
    {
        job_queue q(*faulty);
        q.post_save(msg("keep"), [](new_message& m) { m.created_at = 42; return true; },
                    [&](result<saved_message> r) { saved.push_back(r->msg.text + "@" + std::to_string(r->msg.created_at)); });
        q.post_save(msg("drop"), [](new_message&) { return false; },
                    [&](result<saved_message>) { saved.push_back("dropped message was saved"); });
    }
    EXPECT_EQ(saved, std::vector<std::string>{"keep@42"});
}

TEST_F(JobQueue, FailedSavesAreReportedToEachSender) {
    faulty->fail_saves = true;
    int failures = 0;
    {
        job_queue q(*faulty);
        for (int i = 0; i < 3; ++i)
            q.post_save(msg("x"), nullptr, [&](result<saved_message> r) { failures += r.has_error(); });
    }
    EXPECT_EQ(failures, 3);
    EXPECT_TRUE(sqlite->recent_messages(room.id, 10)->empty());
}

TEST_F(JobQueue, IgnoresPostsAfterStop) {
    job_queue q(*faulty);
    q.stop();
    bool ran = false;
    q.post([&](store&) { ran = true; });
    q.stop();
    EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace parley::store

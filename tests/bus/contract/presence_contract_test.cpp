// The contract of bus::shared_presence over every bus: what one node's connections do, every
// node sees; a node that stops being heard takes its users with it.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>

#include "bus/contract/nodes.hpp"
#include "bus/shared_presence.hpp"

namespace parley::bus {
namespace {

using namespace std::chrono_literals;

/// What a node's listener heard, as "room:user:name:client:+" (joined) or "...:-" (left).
class change_recorder final : public presence_listener {
  public:
    void on_presence_changed(id_t room, const present_user& user, bool present) override {
        std::lock_guard lock(mutex_);
        changes_.push_back(std::to_string(room) + ":" + std::to_string(user.id) + ":" +
                           std::string(user.name) + ":" + std::string(user.client_id) +
                           (present ? ":+" : ":-"));
    }
    std::vector<std::string> changes() const {
        std::lock_guard lock(mutex_);
        return changes_;
    }

  private:
    mutable std::mutex mutex_;
    std::vector<std::string> changes_;
};

/// Polls `condition` until it holds or `timeout` passes; whether it held.
template <class F>
bool eventually(F condition, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

constexpr presence_timing fast{100ms, 500ms};

template <class Nodes>
class PresenceContract : public ::testing::Test {
  protected:
    struct node {
        std::unique_ptr<bus> b;
        std::unique_ptr<shared_presence> p;
        change_recorder heard;
    };

    void TearDown() override {
        while (!nodes_.empty()) stop(*nodes_.front());
        work_.reset();
        thread_.join();
    }

    node& start(presence_timing timing = fast) {
        auto n = std::make_unique<node>();
        n->b = nodes.node();
        n->p = std::make_unique<shared_presence>(*n->b, ioc_.get_executor(), timing);
        n->p->attach(&n->heard);
        on_timer_thread([&] { n->p->start(); });
        nodes_.push_back(std::move(n));
        return *nodes_.back();
    }

    /// Ends a node as a crash would: nothing it had is taken back. On the timer's thread,
    /// where the other nodes' heartbeats publish: a node leaves the bus between two of them.
    void stop(node& n) {
        on_timer_thread([&] {
            n.p->stop();
            n.p.reset();
            std::erase_if(nodes_, [&](const auto& p) { return p.get() == &n; });
        });
    }

    Nodes nodes;

  private:
    template <class F>
    void on_timer_thread(F f) {
        std::promise<void> done;
        boost::asio::post(ioc_, [&] {
            f();
            done.set_value();
        });
        done.get_future().wait();
    }

    boost::asio::io_context ioc_;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{
        ioc_.get_executor()};
    std::thread thread_{[this] { ioc_.run(); }};
    std::vector<std::unique_ptr<node>> nodes_;
};
TYPED_TEST_SUITE(PresenceContract, implementations, implementation_names);

TYPED_TEST(PresenceContract, OneNodeCountsEachUserOnce) {
    auto& a = this->start();
    a.p->connected(1);
    a.p->connected(1);
    a.p->disconnected(1);
    EXPECT_TRUE(a.p->online(1));
    a.p->disconnected(1);
    EXPECT_FALSE(a.p->online(1));

    EXPECT_TRUE(a.p->entered(10, {1, "alice", "c1"})) << "the first connection makes a change";
    EXPECT_FALSE(a.p->entered(10, {1, "alice", "c2"}));
    EXPECT_TRUE(a.p->entered(10, {2, "bob", "c3"}));
    EXPECT_EQ(a.p->online_in(10), (std::unordered_set<id_t>{1, 2}));
    EXPECT_FALSE(a.p->left(10, 1)) << "alice still has a connection there";
    EXPECT_TRUE(a.p->left(10, 1));
    EXPECT_TRUE(a.p->left(10, 2));
    EXPECT_TRUE(a.p->online_in(10).empty());
    EXPECT_TRUE(a.heard.changes().empty()) << "a node's own changes are answered, not heard";
}

TYPED_TEST(PresenceContract, WhatOneNodeHasEveryNodeSees) {
    auto& a = this->start();
    auto& b = this->start();
    a.p->connected(1);
    ASSERT_TRUE(eventually([&] { return b.p->online(1); }));
    EXPECT_TRUE(a.p->entered(10, {1, "alice", "c1"}));
    ASSERT_TRUE(eventually([&] { return b.p->online_in(10).contains(1); }));
    EXPECT_EQ(b.heard.changes(), std::vector<std::string>{"10:1:alice:c1:+"});

    EXPECT_FALSE(b.p->entered(10, {1, "alice", "c2"})) << "alice was there already, through a";
    b.p->connected(3);  // b's messages arrive in order: once a has this, it has b's entry
    ASSERT_TRUE(eventually([&] { return a.p->online(3); }));
    EXPECT_FALSE(a.p->left(10, 1)) << "alice is still there through b";
    EXPECT_TRUE(b.heard.changes().size() == 1u);
    // Once b knows that a no longer has her, her last connection is the deployment's last.
    a.p->connected(2);
    ASSERT_TRUE(eventually([&] { return b.p->online(2); }));  // a's messages arrive in order
    EXPECT_TRUE(b.p->left(10, 1));
    ASSERT_TRUE(eventually([&] { return a.heard.changes().size() == 1u; }));
    EXPECT_EQ(a.heard.changes(), std::vector<std::string>{"10:1:alice::-"});
    EXPECT_TRUE(a.p->online_in(10).empty());

    a.p->disconnected(1);
    EXPECT_TRUE(eventually([&] { return !b.p->online(1); }));
}

TYPED_TEST(PresenceContract, ANodeThatStartsLaterLearnsThePresenceAtOnce) {
    auto& a = this->start({1h, 1h});  // no heartbeat helps: the newcomer's hello does it
    a.p->connected(1);
    a.p->entered(10, {1, "alice", "c1"});
    auto& b = this->start({1h, 1h});
    EXPECT_TRUE(eventually([&] { return b.p->online_in(10).contains(1); }));
    EXPECT_TRUE(b.p->online(1));
    EXPECT_EQ(b.heard.changes(), std::vector<std::string>{"10:1:alice::+"});
}

TYPED_TEST(PresenceContract, ASilentNodesUsersLeaveTheirRooms) {
    auto& a = this->start();
    auto& b = this->start();
    auto& c = this->start();
    a.p->connected(1);
    a.p->entered(10, {1, "alice", "c1"});
    a.p->entered(11, {2, "bob", "c2"});
    b.p->entered(11, {2, "bob", "c3"});
    ASSERT_TRUE(eventually([&] { return c.p->online_in(11).size() == 1 && c.p->online(1); }));
    ASSERT_TRUE(eventually([&] { return c.p->online_in(10).size() == 1; }));
    const auto before = c.heard.changes().size();

    this->stop(a);
    ASSERT_TRUE(eventually([&] { return !c.p->online(1); }, 3s)) << "a was never dropped";
    EXPECT_TRUE(c.p->online_in(10).empty());
    EXPECT_EQ(c.p->online_in(11), std::unordered_set<id_t>{2}) << "bob is still there via b";
    auto heard = c.heard.changes();
    heard.erase(heard.begin(), heard.begin() + static_cast<std::ptrdiff_t>(before));
    EXPECT_EQ(heard, std::vector<std::string>{"10:1:alice::-"});
    EXPECT_TRUE(eventually([&] { return b.p->online_in(10).empty(); }));
}

}  // namespace
}  // namespace parley::bus

// The contract of bus::bus, for every implementation: several nodes share one bus. A bus may
// deliver on its own thread, later: the tests wait for what must arrive, and prove that
// something did not arrive by waiting for a marker published after it.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "bus/contract/nodes.hpp"

namespace parley::bus {
namespace {

using namespace std::chrono_literals;

/// Records what one node receives, as "<room>#<seq>:<frame>", followed for an event with
/// watcher frames by "|<plain>|<mention>|<names, comma-separated>"; waits for it.
class recorder final : public receiver {
  public:
    void on_frame(id_t room, std::int64_t seq, room_event e) override {
        std::string seen = std::to_string(room) + "#" + std::to_string(seq) + ":" + *e.f;
        if (const auto* w = e.watchers.get()) {
            seen += "|" + (w->plain ? *w->plain : "") + "|" + (w->mention ? *w->mention : "") + "|";
            for (const auto& name : w->mentioned) seen += name + ",";
        }
        std::lock_guard lock(mutex_);
        frames_.push_back(std::move(seen));
        changed_.notify_all();
    }
    void on_control(const control_event& e) override {
        std::lock_guard lock(mutex_);
        controls_.push_back(e);
        changed_.notify_all();
    }
    /// The frames received once there are at least `n` (or after 5 s).
    std::vector<std::string> frames(std::size_t n = 0) {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, 5s, [&] { return frames_.size() >= n; });
        return frames_;
    }
    std::vector<control_event> controls(std::size_t n = 0) {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, 5s, [&] { return controls_.size() >= n; });
        return controls_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::string> frames_;
    std::vector<control_event> controls_;
};

/// Records the peer messages one node hears, as "<node>:<payload>".
class peer_recorder final : public peer_listener {
  public:
    void on_peer_message(std::string_view node, std::string_view payload) override {
        std::lock_guard lock(mutex_);
        messages_.push_back(std::string(node) + ":" + std::string(payload));
        changed_.notify_all();
    }
    void on_peers_reconnected() override {
        std::lock_guard lock(mutex_);
        ++reconnects_;
        changed_.notify_all();
    }
    std::vector<std::string> messages(std::size_t n = 0) {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, 5s, [&] { return messages_.size() >= n; });
        return messages_;
    }
    int reconnects() {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, 5s, [&] { return reconnects_ > 0; });
        return reconnects_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::string> messages_;
    int reconnects_ = 0;
};

frame bytes(std::string s) { return std::make_shared<const std::string>(std::move(s)); }
room_event text(const char* s) { return {bytes(s), nullptr}; }

template <class Nodes>
class BusContract : public ::testing::Test {
  protected:
    Nodes nodes;
};
TYPED_TEST_SUITE(BusContract, implementations, implementation_names);

TYPED_TEST(BusContract, ASubscribedNodeReceivesWhatAnyNodePublishes) {
    auto a = this->nodes.node();
    auto b = this->nodes.node();
    recorder ra, rb;
    a->attach(&ra);
    b->attach(&rb);
    b->subscribe(7);
    this->nodes.settle(*b);
    a->publish(7, 1, text("x"));
    b->publish(7, 2, text("y"));
    // Nodes publish independently: their frames may arrive in either order (the seq gate
    // restores it), but each arrives.
    auto got = rb.frames(2);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<std::string>{"7#1:x", "7#2:y"}));
    EXPECT_TRUE(ra.frames().empty()) << "a node that did not subscribe got frames";
    a->attach(nullptr);
    b->attach(nullptr);
}

TYPED_TEST(BusContract, AnEventArrivesWithItsWatcherFramesIntact) {
    auto a = this->nodes.node();
    auto b = this->nodes.node();
    recorder rb;
    b->attach(&rb);
    b->subscribe(4);
    this->nodes.settle(*b);
    // Frames are bytes: colons, newlines and multi-byte characters pass as they are.
    const std::string f = "{\"text\":\"a:b\\n\u00e9\"}";
    auto plain_only = std::make_shared<watcher_frames>();
    plain_only->plain = bytes("p:1");
    auto mention = std::make_shared<watcher_frames>();
    mention->plain = bytes("p2");
    mention->mention = bytes("m:2\n");
    mention->mentioned = {"ann", "b\u00f6b"};
    a->publish(4, 1, {bytes(f), plain_only});
    a->publish(4, 2, {bytes(f), mention});
    a->publish(4, 3, {bytes(f), nullptr});
    auto got = rb.frames(3);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (std::vector<std::string>{"4#1:" + f + "|p:1||",
                                             "4#2:" + f + "|p2|m:2\n|ann,b\u00f6b,", "4#3:" + f}));
    b->attach(nullptr);
}

TYPED_TEST(BusContract, SubscriptionsArePerRoomAndPerNode) {
    auto a = this->nodes.node();
    recorder r;
    a->attach(&r);
    a->subscribe(1);
    a->subscribe(1);  // twice is once
    this->nodes.settle(*a);
    a->publish(1, 1, text("one"));
    a->publish(2, 1, text("two"));
    ASSERT_EQ(r.frames(1).size(), 1u);
    a->unsubscribe(1);
    a->subscribe(3);
    this->nodes.settle(*a);
    a->publish(1, 2, text("after"));
    a->publish(3, 1, text("marker"));  // comes after "after" would have
    EXPECT_EQ(r.frames(2), (std::vector<std::string>{"1#1:one", "3#1:marker"}));
    a->attach(nullptr);
}

TYPED_TEST(BusContract, ControlEventsReachEveryNodeIncludingThePublisher) {
    auto a = this->nodes.node();
    auto b = this->nodes.node();
    recorder ra, rb;
    a->attach(&ra);
    b->attach(&rb);
    a->publish_control({control_event::kind::member_removed, 5, 9});
    b->publish_control({control_event::kind::session_revoked, 0, 4, "hash-of-token"});
    a->publish_control({control_event::kind::read_marker, 6, 4, {}, 42});
    a->publish_control({control_event::kind::member_added, 7, 4});
    ASSERT_EQ(ra.controls(4).size(), 4u);
    auto got = rb.controls(4);
    ASSERT_EQ(got.size(), 4u);
    std::sort(got.begin(), got.end(), [](const auto& x, const auto& y) { return x.what < y.what; });
    EXPECT_EQ(got[0].what, control_event::kind::member_removed);
    EXPECT_EQ(got[0].room, 5);
    EXPECT_EQ(got[0].user, 9);
    EXPECT_EQ(got[1].what, control_event::kind::session_revoked);
    EXPECT_EQ(got[1].user, 4);
    EXPECT_EQ(got[1].session, "hash-of-token");
    EXPECT_EQ(got[2].what, control_event::kind::read_marker);
    EXPECT_EQ(got[2].room, 6);
    EXPECT_EQ(got[2].seq, 42);
    EXPECT_EQ(got[3].what, control_event::kind::member_added);
    EXPECT_EQ(got[3].room, 7);
    EXPECT_EQ(got[3].user, 4);
    a->attach(nullptr);
    b->attach(nullptr);
}

TYPED_TEST(BusContract, AReceiverMayPublishFromInsideADelivery) {
    auto a = this->nodes.node();
    struct echo final : receiver {
        bus* self = nullptr;
        recorder seen;
        void on_frame(id_t room, std::int64_t seq, room_event e) override {
            seen.on_frame(room, seq, e);
            if (seq == 1) self->publish(room, seq + 1, e);
        }
        void on_control(const control_event&) override {}
    } r;
    r.self = a.get();
    a->attach(&r);
    a->subscribe(3);
    this->nodes.settle(*a);
    a->publish(3, 1, text("ping"));
    EXPECT_EQ(r.seen.frames(2), (std::vector<std::string>{"3#1:ping", "3#2:ping"}));
    a->attach(nullptr);
}

TYPED_TEST(BusContract, PeerMessagesReachEveryOtherNodeInOrder) {
    auto a = this->nodes.node();
    auto b = this->nodes.node();
    peer_recorder pa, pb;
    a->attach_peers(&pa);
    b->attach_peers(&pb);
    EXPECT_GE(pa.reconnects(), 1) << "a listener is told once the bus carries peer messages";
    EXPECT_GE(pb.reconnects(), 1);
    a->publish_to_peers("one");
    a->publish_to_peers("two");
    const auto at_b = pb.messages(2);
    ASSERT_EQ(at_b.size(), 2u);
    const auto a_name = at_b[0].substr(0, at_b[0].find(':'));
    EXPECT_EQ(at_b, (std::vector<std::string>{a_name + ":one", a_name + ":two"}));
    // Published after a's reached Redis: an echo of a's own would arrive before it.
    b->publish_to_peers("from b");
    const auto at_a = pa.messages(1);
    ASSERT_EQ(at_a.size(), 1u) << "a node never hears its own peer messages";
    EXPECT_TRUE(at_a[0].ends_with(":from b"));
    EXPECT_NE(at_a[0].substr(0, at_a[0].find(':')), a_name) << "nodes have names of their own";
    a->attach_peers(nullptr);
    b->attach_peers(nullptr);
}

}  // namespace
}  // namespace parley::bus

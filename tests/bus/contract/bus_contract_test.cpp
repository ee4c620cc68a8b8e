// The contract of bus::bus, for every implementation: several nodes share one bus.
#include <gtest/gtest.h>

#include <mutex>

#include "bus/local_bus.hpp"

namespace parley::bus {
namespace {

/// Nodes that share one in-process hub.
struct local_nodes {
    std::shared_ptr<local_hub> hub = std::make_shared<local_hub>();
    std::unique_ptr<bus> node() { return std::make_unique<local_bus>(hub); }
};

/// Records what one node receives.
class recorder final : public receiver {
  public:
    void on_frame(id_t room, std::int64_t seq, frame f) override {
        std::lock_guard lock(mutex_);
        frames.push_back(std::to_string(room) + "#" + std::to_string(seq) + ":" + *f);
    }
    void on_control(const control_event& e) override {
        std::lock_guard lock(mutex_);
        controls.push_back(e);
    }
    std::vector<std::string> frames;
    std::vector<control_event> controls;

  private:
    std::mutex mutex_;
};

frame text(const char* s) { return std::make_shared<const std::string>(s); }

template <class Nodes>
class BusContract : public ::testing::Test {
  protected:
    Nodes nodes;
};
using implementations = ::testing::Types<local_nodes>;
TYPED_TEST_SUITE(BusContract, implementations);

TYPED_TEST(BusContract, ASubscribedNodeReceivesWhatAnyNodePublishes) {
    auto a = this->nodes.node();
    auto b = this->nodes.node();
    recorder ra, rb;
    a->attach(&ra);
    b->attach(&rb);
    b->subscribe(7);
    a->publish(7, 1, text("x"));
    b->publish(7, 2, text("y"));
    EXPECT_TRUE(ra.frames.empty()) << "a node that did not subscribe got frames";
    EXPECT_EQ(rb.frames, (std::vector<std::string>{"7#1:x", "7#2:y"}));
    a->attach(nullptr);
    b->attach(nullptr);
}

TYPED_TEST(BusContract, SubscriptionsArePerRoomAndPerNode) {
    auto a = this->nodes.node();
    recorder r;
    a->attach(&r);
    a->subscribe(1);
    a->subscribe(1);  // twice is once
    a->publish(1, 1, text("one"));
    a->publish(2, 1, text("two"));
    a->unsubscribe(1);
    a->publish(1, 2, text("after"));
    EXPECT_EQ(r.frames, std::vector<std::string>{"1#1:one"});
    a->attach(nullptr);
}

TYPED_TEST(BusContract, ControlEventsReachEveryNodeIncludingThePublisher) {
    auto a = this->nodes.node();
    auto b = this->nodes.node();
    recorder ra, rb;
    a->attach(&ra);
    b->attach(&rb);
    a->publish_control({control_event::kind::member_removed, 5, 9});
    ASSERT_EQ(ra.controls.size(), 1u);
    ASSERT_EQ(rb.controls.size(), 1u);
    EXPECT_EQ(rb.controls[0].what, control_event::kind::member_removed);
    EXPECT_EQ(rb.controls[0].room, 5);
    EXPECT_EQ(rb.controls[0].user, 9);
    a->attach(nullptr);
    b->attach(nullptr);
}

TYPED_TEST(BusContract, AReceiverMayPublishFromInsideADelivery) {
    auto a = this->nodes.node();
    struct echo final : receiver {
        bus* self = nullptr;
        int frames = 0;
        void on_frame(id_t room, std::int64_t seq, frame f) override {
            if (++frames == 1) self->publish(room, seq + 1, f);
        }
        void on_control(const control_event&) override {}
    } r;
    r.self = a.get();
    a->attach(&r);
    a->subscribe(3);
    a->publish(3, 1, text("ping"));
    EXPECT_EQ(r.frames, 2);
    a->attach(nullptr);
}

}  // namespace
}  // namespace parley::bus

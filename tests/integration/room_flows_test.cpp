// The flows of the design's sections 2, 3, 4 and 7, over real sockets.
#include "integration/helpers.hpp"

namespace parley::testing {
namespace {

using RoomFlows = room_test;

TEST_F(RoomFlows, JoinReturnsMembersWithPresenceAndHistory) {
    auto b = server.connect(bob);
    join(*b, room);
    b->send_json(text_msg(room, "prev msg"));
    ASSERT_TRUE(b->next_of("message"));

    auto a = server.connect(alice);
    auto joined = join(*a, room);
    EXPECT_EQ(joined.at("roomId").as_int64(), room);
    EXPECT_EQ(usernames(joined.at("members")), (std::vector<std::string>{"alice", "bob"}));
    EXPECT_TRUE(online(joined.at("members"), "alice"));
    EXPECT_TRUE(online(joined.at("members"), "bob"));
    const auto& history = joined.at("history").as_array();
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].at("sender").as_string(), "bob");
    EXPECT_EQ(history[0].at("text").as_string(), "prev msg");

    auto announced = b->next_of("member_joined");
    ASSERT_TRUE(announced);
    EXPECT_EQ(announced->at("user").as_string(), "alice");
    EXPECT_EQ(announced->at("roomId").as_int64(), room);
    EXPECT_EQ(announced->at("clientId").as_string().size(), 36u);
}

TEST_F(RoomFlows, MembersWhoAreNotConnectedShowOffline) {
    auto b = server.connect(bob);
    join(*b, room);
    auto watcher = server.connect(alice);
    EXPECT_TRUE(online(join(*watcher, room).at("members"), "bob"));
    b->close();
    ASSERT_TRUE(watcher->next_of("member_left"));  // the server has processed the departure
    auto a = server.connect(alice);
    auto joined = join(*a, room);
    EXPECT_FALSE(online(joined.at("members"), "bob"));
    EXPECT_TRUE(online(joined.at("members"), "alice"));
}

TEST_F(RoomFlows, MessageIsSavedThenSentToEveryoneIncludingTheSender) {
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    join(*a, room);
    join(*b, room);
    a->send_json(text_msg(room, "Hello Bob!"));
    for (auto* c : {a.get(), b.get()}) {
        auto m = c->next_of("message");
        ASSERT_TRUE(m);
        EXPECT_EQ(m->at("roomId").as_int64(), room);
        const auto& msg = m->at("message");
        EXPECT_GT(msg.at("id").as_int64(), 0);
        EXPECT_EQ(msg.at("roomId").as_int64(), room);
        EXPECT_EQ(msg.at("sender").as_string(), "alice");
        EXPECT_EQ(msg.at("senderId").as_int64(), alice.id);
        EXPECT_EQ(msg.at("text").as_string(), "Hello Bob!");
        EXPECT_GT(msg.at("ts").as_int64(), 1'600'000'000'000);
    }
    auto stored = recent(server.log(), room, 10);
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored.front().text, "Hello Bob!");
}

TEST_F(RoomFlows, LeaveTellsOthersAndListShowsTheChange) {
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    join(*a, room);
    join(*b, room);
    a->send_json({{"type", "leave"}, {"roomId", room}});
    auto left = b->next_of("member_left");
    ASSERT_TRUE(left);
    EXPECT_EQ(left->at("user").as_string(), "alice");

    b->send_json({{"type", "list"}, {"roomId", room}});
    auto list = b->next_of("list");
    ASSERT_TRUE(list);
    EXPECT_FALSE(online(list->at("members"), "alice"));
    EXPECT_TRUE(online(list->at("members"), "bob"));

    a->send_json(text_msg(room, "after leaving"));
    EXPECT_EQ(error_code(a->next_of("error")), "not_joined");
    EXPECT_TRUE(b->silent_for(200ms));
}

TEST_F(RoomFlows, ClosingTheSocketIsLeaving) {
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    join(*a, room);
    join(*b, room);
    a->drop();
    auto left = b->next_of("member_left");
    ASSERT_TRUE(left);
    EXPECT_EQ(left->at("user").as_string(), "alice");
}

TEST_F(RoomFlows, RefreshNeverShowsAUserTwice) {
    auto b = server.connect(bob);
    join(*b, room);
    auto a1 = server.connect(alice);
    join(*a1, room);
    ASSERT_TRUE(b->next_of("member_joined"));

    // The refreshed page connects before the old socket is gone.
    auto a2 = server.connect(alice);
    auto joined = join(*a2, room);
    EXPECT_EQ(usernames(joined.at("members")), (std::vector<std::string>{"alice", "bob"}));
    a1->close();
    EXPECT_TRUE(b->silent_for(300ms)) << "bob saw alice come or go while she stayed";

    b->send_json({{"type", "list"}, {"roomId", room}});
    auto list = b->next_of("list");
    EXPECT_EQ(usernames(list->at("members")), (std::vector<std::string>{"alice", "bob"}));
    EXPECT_TRUE(online(list->at("members"), "alice"));

    a2->send_json(text_msg(room, "still here"));
    EXPECT_EQ(b->next_of("message")->at("message").at("text").as_string(), "still here");
}

TEST_F(RoomFlows, RefreshAfterCloseShowsFullHistory) {
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    join(*a, room);
    join(*b, room);
    a->send_json(text_msg(room, "Hello Bob!"));
    ASSERT_TRUE(a->next_of("message"));  // stored before Bob answers
    b->send_json(text_msg(room, "Hi Alice!"));
    ASSERT_TRUE(a->next_of("message"));
    a->close();
    ASSERT_TRUE(b->next_of("member_left"));

    auto again = server.connect(alice);
    auto joined = join(*again, room);
    const auto& history = joined.at("history").as_array();
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].at("text").as_string(), "Hello Bob!");
    EXPECT_EQ(history[1].at("text").as_string(), "Hi Alice!");
    EXPECT_EQ(b->next_of("member_joined")->at("user").as_string(), "alice");
}

TEST_F(RoomFlows, HistoryHoldsTheLatestHundredOldestFirst) {
    auto a = server.connect(alice);
    join(*a, room);
    for (int i = 0; i < 120; ++i) a->send_json(text_msg(room, std::to_string(i)));
    for (int i = 0; i < 120; ++i) ASSERT_TRUE(a->next_of("message"));
    auto b = server.connect(bob);
    auto history = join(*b, room).at("history").as_array();
    ASSERT_EQ(history.size(), 100u);
    EXPECT_EQ(history.front().at("text").as_string(), "20");
    EXPECT_EQ(history.back().at("text").as_string(), "119");
}

TEST_F(RoomFlows, OneConnectionCanBeInSeveralRooms) {
    auto other = server.create_group(bob, "other");
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    join(*a, room);
    join(*a, other);
    join(*b, other);
    b->send_json(text_msg(other, "in other"));
    ASSERT_TRUE(b->next_of("message"));  // its own message comes back
    auto m = a->next_of("message");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->at("roomId").as_int64(), other);
    a->send_json(text_msg(room, "in first"));
    EXPECT_EQ(a->next_of("message")->at("roomId").as_int64(), room);
    EXPECT_FALSE(b->next_of("message", 300ms)) << "bob is not in the first room";
}

TEST_F(RoomFlows, MessagesArriveInStoredOrderForEveryone) {
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    join(*a, room);
    join(*b, room);
    constexpr int count = 300;
    std::thread bob_sends([&] {
        for (int i = 0; i < count; ++i) b->send_json(text_msg(room, "b" + std::to_string(i)));
    });
    for (int i = 0; i < count; ++i) a->send_json(text_msg(room, "a" + std::to_string(i)));
    bob_sends.join();

    std::vector<std::vector<std::int64_t>> seen(2);
    std::vector<ws_client*> clients{a.get(), b.get()};
    for (int c = 0; c < 2; ++c) {
        int next_a = 0, next_b = 0;
        for (int i = 0; i < 2 * count; ++i) {
            auto m = clients[c]->next_of("message");
            ASSERT_TRUE(m) << "missing message " << i;
            const auto& msg = m->at("message");
            seen[c].push_back(msg.at("id").as_int64());
            const std::string text(msg.at("text").as_string());
            // Each sender's messages keep their sending order.
            if (text[0] == 'a')
                EXPECT_EQ(text, "a" + std::to_string(next_a++));
            else
                EXPECT_EQ(text, "b" + std::to_string(next_b++));
        }
        EXPECT_TRUE(std::is_sorted(seen[c].begin(), seen[c].end())) << "ids out of order";
    }
    EXPECT_EQ(seen[0], seen[1]) << "alice and bob saw different orders";
}

}  // namespace
}  // namespace parley::testing

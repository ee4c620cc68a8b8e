// Keep-alive, slow clients, restarts and shutdown.
#include "integration/helpers.hpp"

namespace parley::testing {
namespace {

TEST(Lifecycle, SilentClientIsDroppedAfterAMissedPing) {
    auto config = test_server::test_config();
    config.ping_interval = 200ms;
    test_server server(config);
    auto alice = server.signup("alice");
    auto bob = server.signup("bob");
    auto room = server.create_group(alice, "room");

    auto b = server.connect(bob);
    join(*b, room);
    auto frozen = server.connect(alice, /*read=*/false);
    frozen->send_json(join_msg(room));
    ASSERT_TRUE(b->next_of("member_joined"));

    const auto start = std::chrono::steady_clock::now();
    auto left = b->next_of("member_left", 3s);
    ASSERT_TRUE(left) << "the silent client was never dropped";
    EXPECT_EQ(left->at("user").as_string(), "alice");
    EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
}

TEST(Lifecycle, ClientThatAnswersPingsStays) {
    auto config = test_server::test_config();
    config.ping_interval = 100ms;
    test_server server(config);
    auto alice = server.signup("alice");
    auto room = server.create_group(alice, "room");
    auto a = server.connect(alice);
    join(*a, room);
    EXPECT_FALSE(a->wait_closed(700ms)) << "an answering client was dropped";
    a->send_json(text_msg(room, "alive"));
    EXPECT_TRUE(a->next_of("message"));
}

TEST(Lifecycle, SlowReaderIsDisconnectedInsteadOfBufferedForever) {
    auto config = test_server::test_config();
    config.max_send_queue_bytes = 256 * 1024;
    test_server server(config);
    auto alice = server.signup("alice");
    auto bob = server.signup("bob");
    auto room = server.create_group(alice, "room");
    auto slow = server.connect(bob, /*read=*/false);
    slow->send_json(join_msg(room));
    auto a = server.connect(alice);
    join(*a, room);

    // Alice reads everything and paces herself by her own echoes, so only Bob falls behind.
    // The total is far more than socket buffers and the queue bound together can hold.
    const std::string big(3900, 'x');
    bool dropped = false;
    for (int round = 0; round < 600 && !dropped; ++round) {
        for (int i = 0; i < 10; ++i) a->send_json(text_msg(room, big));
        for (int echoes = 0; echoes < 10;) {
            auto v = a->next();
            ASSERT_TRUE(v) << "alice stopped receiving in round " << round;
            if (v->at("type") == "message") ++echoes;
            if (v->at("type") == "member_left") dropped = true;
        }
    }
    EXPECT_TRUE(dropped || a->next_of("member_left", 2s)) << "the slow reader was never dropped";
    EXPECT_FALSE(a->wait_closed(100ms)) << "the reading client was dropped too";
}

TEST(Lifecycle, AClientThatStopsReadingIsCutOffLongBeforeThePingTimeout) {
    server_config config;  // the production bounds and ping interval (30 s: dropped at 60 s)
    config.abuse = abuse_limits::none();
    test_server server(config);
    auto alice = server.signup("alice");
    auto bob = server.signup("bob");
    auto room = server.create_group(alice, "room");
    auto frozen = server.connect(bob, /*read=*/false);
    frozen->send_json(join_msg(room));
    auto a = server.connect(alice);
    join(*a, room);
    // Far under the per-client bound: only its lack of progress can give it away.
    const auto start = std::chrono::steady_clock::now();
    const std::string text(3900, 'x');
    bool dropped = false;
    while (!dropped && std::chrono::steady_clock::now() - start < 30s) {
        a->send_json(text_msg(room, text));
        for (bool echoed = false; !echoed;) {
            auto v = a->next();
            ASSERT_TRUE(v);
            echoed = v->at("type") == "message";
            dropped = dropped || v->at("type") == "member_left";
        }
        std::this_thread::sleep_for(5ms);
    }
    EXPECT_TRUE(dropped) << "a client that stopped reading was still served after 30 s";
    EXPECT_FALSE(a->wait_closed(100ms)) << "the reading client was dropped too";
}

TEST(Lifecycle, WhenAllSocketsTogetherHoldTooMuchTheOnesBehindGoAndReadersStay) {
    auto config = test_server::test_config();
    config.max_total_send_queue_bytes = 1024 * 1024;  // four clients just behind fill it
    test_server server(config);
    auto alice = server.signup("alice");
    auto room = server.create_group(alice, "room");
    std::vector<std::unique_ptr<ws_client>> frozen;
    for (int i = 0; i < 6; ++i) {
        auto who = server.signup("frozen" + std::to_string(i));
        frozen.push_back(server.connect(who, /*read=*/false));
        frozen.back()->send_json(join_msg(room));
    }
    auto reader = server.connect(server.signup("reader"));
    join(*reader, room);
    auto a = server.connect(alice);
    join(*a, room);
    const std::string big(3900, 'x');
    int left = 0;
    for (int round = 0; round < 400 && left < 6; ++round) {
        for (int i = 0; i < 10; ++i) a->send_json(text_msg(room, big));
        for (int echoes = 0; echoes < 10;) {
            auto v = a->next();
            ASSERT_TRUE(v) << "alice stopped receiving in round " << round;
            if (v->at("type") == "message") ++echoes;
            if (v->at("type") == "member_left") ++left;
        }
    }
    EXPECT_EQ(left, 6) << "every client that stopped reading was dropped";
    EXPECT_FALSE(reader->wait_closed(100ms)) << "a client that reads was dropped";
    EXPECT_FALSE(a->wait_closed(100ms));
}

TEST(Lifecycle, AFastReaderIsNotCutOffByABurstOfItsOwnHistoryAnswers) {
    test_server server(server_config{});  // the default queue bound and the production limits
    auto alice = server.signup("alice");
    auto room = server.create_group(alice, "room");
    std::vector<store::new_message> long_ones;
    for (int i = 0; i < 100; ++i)
        long_ones.push_back({room, alice.id, "alice", std::string(4000, 'y'), 1});
    append_all(server.db().log(), std::move(long_ones));
    auto a = server.connect(alice);
    join(*a, room);
    // 30 pages of 100 long messages at once (~12 MB of answers, three times the queue bound),
    // read as fast as they come.
    for (int i = 0; i < 30; ++i)
        a->send_json({{"type", "history"}, {"roomId", room}, {"afterSeq", 0}, {"limit", 100}});
    for (int i = 0; i < 30; ++i) ASSERT_TRUE(a->next_of("history", 10s)) << "answer " << i;
    EXPECT_FALSE(a->wait_closed(100ms)) << "a client that reads everything was cut off";
}

TEST(Lifecycle, AFloodingClientIsReadNoFasterThanTheStoreKeepsUp) {
    test_server server;
    auto alice = server.signup("alice");
    auto room = server.create_group(alice, "room");
    auto a = server.connect(alice);
    join(*a, room);
    server.log().hold();  // the disk stalls
    constexpr int sent = 1000;
    for (int i = 0; i < sent; ++i) a->send_json(text_msg(room, std::to_string(i)));
    std::this_thread::sleep_for(500ms);
    // The server stopped reading the socket once 256 requests were waiting.
    EXPECT_LE(server.log().held_count(), 260u);
    server.log().release();
    for (int i = 0; i < sent; ++i) {
        auto ack = a->next_of("ack");
        ASSERT_TRUE(ack) << "message " << i << " was never acknowledged";
        EXPECT_EQ(ack->at("seq").as_int64(), i + 1);
    }
}

TEST(Lifecycle, MessagesSurviveARestart) {
    test_server server;
    auto alice = server.signup("alice");
    auto room = server.create_group(alice, "room");
    {
        auto a = server.connect(alice);
        join(*a, room);
        a->send_json(text_msg(room, "before restart"));
        ASSERT_TRUE(a->next_of("message"));
    }
    server.restart();
    auto a = server.connect(alice);  // the session survives too
    ASSERT_TRUE(a->handshake().upgraded);
    auto history = join(*a, room).at("history").as_array();
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].at("text").as_string(), "before restart");
}

TEST(Lifecycle, ShutdownClosesWith1001AndStoresEverythingAccepted) {
    test_server server;
    auto alice = server.signup("alice");
    auto room = server.create_group(alice, "room");
    auto a = server.connect(alice);
    join(*a, room);
    for (int i = 0; i < 50; ++i) a->send_json(text_msg(room, std::to_string(i)));
    ASSERT_TRUE(a->next_of("message"));  // the burst is being processed
    server.restart();
    EXPECT_EQ(a->wait_closed(), 1001);
    int echoed = 1;
    while (a->next_of("message", 0ms)) ++echoed;

    // Frames still in flight when the close began are never accepted (the client retries
    // what was not echoed); everything accepted is stored, in sending order.
    auto again = server.connect(alice);
    auto history = join(*again, room).at("history").as_array();
    EXPECT_GE(static_cast<int>(history.size()), echoed);
    for (std::size_t i = 0; i < history.size(); ++i)
        EXPECT_EQ(history[i].at("text").as_string(), std::to_string(i));
}

}  // namespace
}  // namespace parley::testing

// Issue 4: sequence numbers, catch-up, idempotent sends and acks, over real sockets.
#include <atomic>

#include "integration/helpers.hpp"

namespace parley::testing {
namespace {

json::value send_msg(store::id_t room, const std::string& text, const std::string& client_id) {
    return {{"type", "message"}, {"roomId", room}, {"text", text}, {"clientMsgId", client_id}};
}

std::vector<std::int64_t> seqs(const json::value& messages) {
    std::vector<std::int64_t> out;
    for (const auto& m : messages.as_array()) out.push_back(m.at("seq").as_int64());
    return out;
}

std::vector<std::int64_t> range(std::int64_t first, std::int64_t last) {
    std::vector<std::int64_t> out;
    for (auto i = first; i <= last; ++i) out.push_back(i);
    return out;
}

class Delivery : public ::testing::Test {
protected:
    void SetUp() override {
        alice = server.signup("alice");
        bob = server.signup("bob");
        room = server.create_group(alice, "room");
    }
    /// Stores `count` messages from alice directly, in batches (fast seeding).
    void seed(int count) {
        for (int done = 0; done < count;) {
            std::vector<store::new_message> batch;
            for (int i = 0; i < 1000 && done < count; ++i, ++done)
                batch.push_back({room, alice.id, "alice", "m" + std::to_string(done + 1), done});
            (void)server.db().save_messages(batch);
        }
    }
    json::value join_since(ws_client& c, std::int64_t since) {
        c.send_json({{"type", "join"}, {"roomId", room}, {"since", since}});
        auto j = c.next_of("joined");
        EXPECT_TRUE(j);
        return j.value_or(json::value{});
    }
    test_server server;
    account alice, bob;
    store::id_t room = 0;
};

TEST_F(Delivery, MessagesCarryConsecutiveSeqs) {
    auto a = server.connect(alice);
    join(*a, room);
    for (int i = 0; i < 5; ++i) a->send_json(text_msg(room, std::to_string(i)));
    for (int i = 1; i <= 5; ++i) EXPECT_EQ(a->next_of("message")->at("message").at("seq").as_int64(), i);
}

TEST_F(Delivery, JoinedTellsTheRoomsLastSeq) {
    seed(7);
    auto a = server.connect(alice);
    auto joined = join(*a, room);
    EXPECT_EQ(joined.at("lastSeq").as_int64(), 7);
    EXPECT_FALSE(joined.at("hasMore").as_bool());
}

TEST_F(Delivery, CatchUpWithSinceAfterADisconnect) {
    auto a = server.connect(alice);
    join(*a, room);
    auto b = server.connect(bob);
    join(*b, room);
    for (int i = 1; i <= 5; ++i) a->send_json(text_msg(room, std::to_string(i)));
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE(b->next_of("message"));
    b->close();
    for (int i = 6; i <= 20; ++i) a->send_json(text_msg(room, std::to_string(i)));
    for (int i = 6; i <= 20; ++i) ASSERT_TRUE(a->next_of("message"));

    auto again = server.connect(bob);
    auto joined = join_since(*again, 5);
    EXPECT_EQ(seqs(joined.at("history")), range(6, 20));
    EXPECT_FALSE(joined.at("hasMore").as_bool());
    EXPECT_EQ(joined.at("lastSeq").as_int64(), 20);
}

TEST_F(Delivery, AGapIsRepairedByPagingForward) {
    seed(253);
    auto b = server.connect(bob);
    auto joined = join_since(*b, 3);
    auto got = seqs(joined.at("history"));
    EXPECT_EQ(got, range(4, 103));
    EXPECT_TRUE(joined.at("hasMore").as_bool());
    for (bool more = true; more;) {
        b->send_json({{"type", "history"}, {"roomId", room}, {"afterSeq", got.back()}, {"limit", 100}});
        auto page = b->next_of("history");
        ASSERT_TRUE(page);
        auto more_seqs = seqs(page->at("messages"));
        got.insert(got.end(), more_seqs.begin(), more_seqs.end());
        more = page->at("hasMore").as_bool();
    }
    EXPECT_EQ(got, range(4, 253));
}

TEST_F(Delivery, PagingThroughTenThousandMessagesSkipsAndRepeatsNothing) {
    seed(10'000);
    auto a = server.connect(alice);
    auto joined = join(*a, room);
    auto backwards = seqs(joined.at("history"));
    ASSERT_EQ(backwards, range(9'901, 10'000));
    for (bool more = joined.at("hasMore").as_bool(); more;) {
        a->send_json({{"type", "history"}, {"roomId", room}, {"beforeSeq", backwards.front()}});
        auto page = a->next_of("history");
        ASSERT_TRUE(page);
        auto older = seqs(page->at("messages"));
        backwards.insert(backwards.begin(), older.begin(), older.end());
        more = page->at("hasMore").as_bool();
    }
    EXPECT_EQ(backwards, range(1, 10'000));

    std::vector<std::int64_t> forwards;
    for (bool more = true; more;) {
        a->send_json({{"type", "history"}, {"roomId", room},
                      {"afterSeq", forwards.empty() ? 0 : forwards.back()}, {"limit", 100}});
        auto page = a->next_of("history");
        ASSERT_TRUE(page);
        auto newer = seqs(page->at("messages"));
        forwards.insert(forwards.end(), newer.begin(), newer.end());
        more = page->at("hasMore").as_bool();
    }
    EXPECT_EQ(forwards, range(1, 10'000));

    // The REST route pages by seq the same way.
    std::vector<std::int64_t> rest;
    for (bool more = true; more;) {
        auto r = http_call(server.port(), "GET",
                           "/groups/" + std::to_string(room) + "/messages?limit=100&afterSeq=" +
                               std::to_string(rest.empty() ? 0 : rest.back()),
                           nullptr, alice.token);
        ASSERT_EQ(r.status, 200) << r.raw_body;
        auto newer = seqs(r.body.at("messages"));
        rest.insert(rest.end(), newer.begin(), newer.end());
        more = r.body.at("hasMore").as_bool();
    }
    EXPECT_EQ(rest, range(1, 10'000));
}

TEST_F(Delivery, HistoryRequestsAreValidated) {
    auto a = server.connect(alice);
    a->send_json({{"type", "history"}, {"roomId", room}, {"afterSeq", 0}});
    EXPECT_EQ(error_code(a->next()), "not_joined");
    join(*a, room);
    a->send_json({{"type", "history"}, {"roomId", room}});
    EXPECT_EQ(error_code(a->next()), "invalid_message");
    a->send_json({{"type", "history"}, {"roomId", room}, {"afterSeq", 1}, {"beforeSeq", 5}});
    EXPECT_EQ(error_code(a->next()), "invalid_message");
    a->send_json({{"type", "history"}, {"roomId", room}, {"afterSeq", 0}, {"limit", 101}});
    EXPECT_EQ(error_code(a->next()), "invalid_message");
    a->send_json({{"type", "join"}, {"roomId", room}, {"since", -1}});
    EXPECT_EQ(error_code(a->next()), "invalid_message");
}

TEST_F(Delivery, AckComesOnceDurableAndTheBroadcastCarriesTheClientId) {
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    join(*a, room);
    join(*b, room);
    a->send_json(send_msg(room, "hello", "c-1"));
    auto ack = a->next_of("ack");
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->at("clientMsgId").as_string(), "c-1");
    EXPECT_EQ(ack->at("seq").as_int64(), 1);
    EXPECT_EQ(ack->at("roomId").as_int64(), room);
    EXPECT_TRUE(ack->at("ts").is_int64());
    auto m = b->next_of("message");
    EXPECT_EQ(m->at("message").at("clientMsgId").as_string(), "c-1");
    EXPECT_EQ(m->at("message").at("id"), ack->at("id"));
}

TEST_F(Delivery, ARetriedClientMsgIdIsStoredOnceEvenFromANewConnection) {
    auto b = server.connect(bob);
    join(*b, room);
    auto a = server.connect(alice);
    join(*a, room);
    a->send_json(send_msg(room, "once", "retry-me"));
    auto first = a->next_of("ack");
    ASSERT_TRUE(first);
    ASSERT_TRUE(b->next_of("message"));

    a->send_json(send_msg(room, "once", "retry-me"));  // same connection
    auto second = a->next_of("ack");
    a->close();
    auto a2 = server.connect(alice);  // a new connection, as after a reconnect
    join(*a2, room);
    a2->send_json(send_msg(room, "once", "retry-me"));
    auto third = a2->next_of("ack");
    for (const auto& ack : {second, third}) {
        ASSERT_TRUE(ack);
        EXPECT_EQ(ack->at("id"), first->at("id"));
        EXPECT_EQ(ack->at("seq"), first->at("seq"));
    }
    EXPECT_FALSE(b->next_of("message", 300ms)) << "a retry was broadcast again";
    EXPECT_EQ(server.db().recent_messages(room, 10)->size(), 1u);
}

TEST_F(Delivery, FailedSaveNamesTheClientMsgId) {
    auto a = server.connect(alice);
    join(*a, room);
    server.db().fail_saves = true;
    a->send_json(send_msg(room, "x", "c-9"));
    auto e = a->next_of("error");
    EXPECT_EQ(error_code(e), "save_failed");
    EXPECT_EQ(e->at("clientMsgId").as_string(), "c-9");
    server.db().fail_saves = false;
    a->send_json(send_msg(room, "x", "c-9"));  // the retry goes through
    EXPECT_EQ(a->next_of("ack")->at("seq").as_int64(), 1);
}

TEST_F(Delivery, BadClientMsgIdsAreRefused) {
    auto a = server.connect(alice);
    join(*a, room);
    a->send_json(send_msg(room, "x", ""));
    EXPECT_EQ(error_code(a->next_of("error")), "invalid_message");
    a->send_json(send_msg(room, "x", std::string(65, 'a')));
    EXPECT_EQ(error_code(a->next_of("error")), "invalid_message");
}

TEST_F(Delivery, JoinsRacingAStreamLoseNothingBetweenHistoryAndLive) {
    auto a = server.connect(alice);
    join(*a, room);
    std::atomic<bool> done{false};
    std::thread sender([&] {
        for (int i = 0; i < 1500; ++i) a->send_json(send_msg(room, std::to_string(i), "s" + std::to_string(i)));
        done = true;
    });
    std::int64_t since = 0;
    for (int round = 0; round < 15; ++round) {
        auto b = server.connect(bob);
        // Alternate the two ways of joining: latest history, and catch-up from a seq.
        b->send_json(round % 2 ? json::value{{"type", "join"}, {"roomId", room}, {"since", since}}
                               : join_msg(room));
        auto joined = b->next_of("joined");
        ASSERT_TRUE(joined);
        auto got = seqs(joined->at("history"));
        std::int64_t last = got.empty() ? (round % 2 ? since : joined->at("lastSeq").as_int64())
                                        : got.back();
        if (round % 2 && !got.empty()) EXPECT_EQ(got.front(), since + 1) << "catch-up started late";
        for (std::size_t i = 1; i < got.size(); ++i) ASSERT_EQ(got[i], got[i - 1] + 1);
        if (joined->at("hasMore").as_bool() && round % 2) {
            last = got.back();  // the live stream continues after what paging would fetch
            b->send_json({{"type", "history"}, {"roomId", room}, {"afterSeq", last}, {"limit", 100}});
        }
        // Every live message continues exactly where history ended.
        for (int k = 0; k < 40; ++k) {
            auto v = b->next(300ms);
            if (!v) break;
            const auto type = v->at("type").as_string();
            if (type == "history") {
                auto page = seqs(v->at("messages"));
                if (!page.empty()) {
                    ASSERT_EQ(page.front(), last + 1);
                    last = page.back();
                }
                continue;
            }
            if (type != "message") continue;
            const auto seq = v->at("message").at("seq").as_int64();
            if (seq <= last) continue;  // already had it from a history page
            ASSERT_EQ(seq, last + 1) << "a message fell between history and live in round " << round;
            last = seq;
        }
        since = last;
        b->drop();
    }
    sender.join();
    EXPECT_TRUE(done);
}

}  // namespace
}  // namespace parley::testing

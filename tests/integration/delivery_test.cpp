// Issue 4: sequence numbers, catch-up, idempotent sends and acks, over real sockets.
#include <atomic>
#include <set>

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

class Delivery : public room_test {
  protected:
    /// Stores `count` messages from alice directly, in batches (fast seeding).
    void seed(int count) {
        for (int done = 0; done < count;) {
            std::vector<store::new_message> batch;
            for (int i = 0; i < 1000 && done < count; ++i, ++done)
                batch.push_back({room, alice.id, "alice", "m" + std::to_string(done + 1), done});
            append_all(server.log(), batch);
        }
    }
    json::value join_since(ws_client& c, std::int64_t since) {
        c.send_json({{"type", "join"}, {"roomId", room}, {"since", since}});
        auto j = c.next_of("joined");
        EXPECT_TRUE(j);
        return j.value_or(json::value{});
    }
};

TEST_F(Delivery, MessagesCarryConsecutiveSeqs) {
    auto a = server.connect(alice);
    join(*a, room);
    for (int i = 0; i < 5; ++i) a->send_json(text_msg(room, std::to_string(i)));
    for (int i = 1; i <= 5; ++i)
        EXPECT_EQ(a->next_of("message")->at("message").at("seq").as_int64(), i);
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
    // Until alice has seen seq 20 come back, all 20 are stored (her echoes of 1-5 come first).
    for (std::int64_t seen = 0; seen < 20;) {
        auto m = a->next_of("message");
        ASSERT_TRUE(m);
        seen = m->at("message").at("seq").as_int64();
    }

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
        b->send_json(
            {{"type", "history"}, {"roomId", room}, {"afterSeq", got.back()}, {"limit", 100}});
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
        a->send_json({{"type", "history"},
                      {"roomId", room},
                      {"afterSeq", forwards.empty() ? 0 : forwards.back()},
                      {"limit", 100}});
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
    EXPECT_EQ(recent(server.log(), room, 10).size(), 1u);
}

TEST_F(Delivery, FailedSaveNamesTheClientMsgId) {
    auto a = server.connect(alice);
    join(*a, room);
    server.log().fail_appends = true;
    a->send_json(send_msg(room, "x", "c-9"));
    auto e = a->next_of("error");
    EXPECT_EQ(error_code(e), "save_failed");
    EXPECT_EQ(e->at("clientMsgId").as_string(), "c-9");
    server.log().fail_appends = false;
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
        for (int i = 0; i < 1500; ++i)
            a->send_json(send_msg(room, std::to_string(i), "s" + std::to_string(i)));
        done = true;
    });
    std::int64_t since = 0;
    for (int round = 0; round < 15; ++round) {
        const bool catch_up = round % 2;  // alternate: latest history, and catch-up from a seq
        auto b = server.connect(bob);
        b->send_json(catch_up ? json::value{{"type", "join"}, {"roomId", room}, {"since", since}}
                              : join_msg(room));
        auto joined = b->next_of("joined");
        ASSERT_TRUE(joined);
        const auto head = joined->at("lastSeq").as_int64();  // the newest seq at the join
        std::set<std::int64_t> have;
        auto history = seqs(joined->at("history"));
        for (std::size_t i = 1; i < history.size(); ++i) ASSERT_EQ(history[i], history[i - 1] + 1);
        if (catch_up && !history.empty()) {
            EXPECT_EQ(history.front(), since + 1) << "catch-up started late";
        }
        have.insert(history.begin(), history.end());
        std::int64_t paged = history.empty() ? (catch_up ? since : head) : history.back();
        bool paging = catch_up && joined->at("hasMore").as_bool();
        if (paging)  // fetch the rest of the catch-up
            b->send_json(
                {{"type", "history"}, {"roomId", room}, {"afterSeq", paged}, {"limit", 100}});

        // Live messages start right after the join's head and come one seq at a time; pages
        // fill in everything between the history and the head.
        std::int64_t live = head;
        for (int k = 0; (paging || k < 60) && k < 5000; ++k) {
            auto v = b->next(300ms);
            if (!v) break;
            const auto type = v->at("type").as_string();
            if (type == "history") {
                auto page = seqs(v->at("messages"));
                for (auto seq : page) ASSERT_EQ(seq, ++paged) << "a history page skipped a seq";
                have.insert(page.begin(), page.end());
                paging = v->at("hasMore").as_bool() && paged < head;
                if (paging)
                    b->send_json({{"type", "history"},
                                  {"roomId", room},
                                  {"afterSeq", paged},
                                  {"limit", 100}});
            } else if (type == "message") {
                const auto seq = v->at("message").at("seq").as_int64();
                ASSERT_EQ(seq, live + 1) << "a live message was missed in round " << round;
                live = seq;
                have.insert(seq);
            }
        }
        if (!have.empty()) {
            EXPECT_EQ(static_cast<std::int64_t>(have.size()), *have.rbegin() - *have.begin() + 1)
                << "what round " << round << " received has a hole";
            since = *have.rbegin();
        }
        b->drop();
    }
    sender.join();
    EXPECT_TRUE(done);
}

}  // namespace
}  // namespace parley::testing

// The chat core without sockets: fake connections, an in-memory database, the in-process bus.
#include "chat/chat_service.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <future>
#include <numeric>
#include <thread>

#include "bus/local_bus.hpp"
#include "bus/shared_presence.hpp"
#include "chat/fake_connection.hpp"
#include "store/sqlite/sqlite_bundle.hpp"
#include "support/faulty_log.hpp"
#include "support/seed.hpp"

namespace parley::chat {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

/// A node's chat core on two threads, over SQLite :memory:.
class ChatService : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string why;
        db = store::sqlite::sqlite_bundle::open(":memory:", why);
        ASSERT_TRUE(db) << why;
        ASSERT_FALSE(db->migrate().has_error());
        alice = *db->accounts().create_user({"alice", std::nullopt, "h"}, 1);
        bob = *db->accounts().create_user({"bob", std::nullopt, "h"}, 1);
        room = db->rooms().create_room({"r", false, room_kind::group, alice.id}, 1)->id;
        log = std::make_unique<testing::faulty_log>(db->log());
        chat = std::make_unique<chat_service>(
            2,
            shard_services{db->rooms(),
                           *log,
                           bus,
                           presence,
                           blocking.get_executor(),
                           blocking_work,
                           {ioc.get_executor()},
                           metrics},
            options(), [this](const std::string& s) { revoked.push_back(s); });
        bus.attach(chat.get());
        for (int i = 0; i < 2; ++i) threads.emplace_back([this] { ioc.run(); });
    }
    /// The chat core's settings: short gap timeouts, no reconciling.
    virtual chat_options options() const { return chat_options{{}, 100, 50ms}; }
    void TearDown() override {
        work.reset();
        blocking.join();
        db->log().close();
        ioc.stop();
        for (auto& t : threads) t.join();
        bus.attach(nullptr);
    }

    std::shared_ptr<fake_connection> connect(const store::user& u) {
        return std::make_shared<fake_connection>(u.id, u.username);
    }
    /// A connection of `u` that has joined the room (it has received `joined`).
    std::shared_ptr<fake_connection> joined(const store::user& u) {
        auto c = connect(u);
        send(c, {{"type", "join"}, {"roomId", room}});
        EXPECT_TRUE(wait_for(*c, "joined"));
        return c;
    }
    void send(const std::shared_ptr<fake_connection>& c, const json::value& v) {
        chat->on_text(c, json::serialize(v));
    }
    /// Waits until `c` has been sent an event of `type` (the `n`th of them); returns it.
    std::optional<json::value> wait_for(const fake_connection& c, std::string_view type,
                                        std::size_t n = 1, std::chrono::milliseconds limit = 3s) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        do {
            std::size_t seen = 0;
            for (const auto& e : c.events())
                if (e.at("type").as_string() == type && ++seen == n) return e;
            std::this_thread::sleep_for(2ms);
        } while (std::chrono::steady_clock::now() < deadline);
        return std::nullopt;
    }
    /// The seqs `c` holds for the room: its `joined` history, then every message event, in the
    /// order received.
    static std::vector<std::int64_t> seqs_seen(const fake_connection& c) {
        std::vector<std::int64_t> out;
        for (const auto& e : c.events()) {
            if (e.at("type") == "joined")
                for (const auto& m : e.at("history").as_array())
                    out.push_back(m.at("seq").as_int64());
            if (e.at("type") == "message") out.push_back(e.at("message").at("seq").as_int64());
        }
        return out;
    }
    /// Another node's messages: stored in the log, then published on the bus (unless `lost`).
    void from_elsewhere(int count, bool lost = false) {
        std::vector<store::new_message> batch;
        for (int i = 0; i < count; ++i) batch.push_back({room, bob.id, "bob", "elsewhere", 1});
        for (auto& saved : testing::append_all(db->log(), std::move(batch)))
            if (!lost) bus.publish(room, saved->msg.seq, room_event_of(saved->msg));
    }

    boost::asio::io_context ioc;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work{
        ioc.get_executor()};
    boost::asio::thread_pool blocking{2};
    throttle::work_scheduler blocking_work{blocking.get_executor(), {64, 64, 8, 1}};
    std::unique_ptr<store::sqlite::sqlite_bundle> db;
    std::unique_ptr<testing::faulty_log> log;
    metrics::node_metrics metrics;
    bus::local_bus bus;
    bus::shared_presence presence{bus, ioc.get_executor()};
    std::unique_ptr<chat_service> chat;
    std::vector<std::thread> threads;
    std::vector<std::string> revoked;
    store::user alice, bob;
    store::id_t room = 0;
};

TEST_F(ChatService, PingIsAnsweredWithPong) {
    auto a = connect(alice);
    send(a, {{"type", "ping"}});
    EXPECT_TRUE(wait_for(*a, "pong"));
}

TEST_F(ChatService, JoinedCarriesHistoryMembersAndLastSeq) {
    from_elsewhere(3);
    auto a = connect(alice);
    send(a, {{"type", "join"}, {"roomId", room}});
    auto joined = wait_for(*a, "joined");
    ASSERT_TRUE(joined);
    EXPECT_EQ(joined->at("history").as_array().size(), 3u);
    EXPECT_EQ(joined->at("lastSeq").as_int64(), 3);
    EXPECT_EQ(joined->at("members").as_array().size(), 1u);
    EXPECT_TRUE(joined->at("members").at(0).at("online").as_bool());
    EXPECT_EQ(presence.online_in(room).count(alice.id), 1u);
}

TEST_F(ChatService, AMessageIsAckedThenDeliveredToTheRoomInSeqOrder) {
    auto a = joined(alice);
    auto b = joined(bob);
    for (int i = 0; i < 20; ++i)
        send(a, {{"type", "message"}, {"roomId", room}, {"text", std::to_string(i)}});
    ASSERT_TRUE(wait_for(*b, "message", 20));
    ASSERT_TRUE(wait_for(*a, "message", 20));
    EXPECT_EQ(seqs_seen(*b), (std::vector<std::int64_t>{1,  2,  3,  4,  5,  6,  7,  8,  9,  10,
                                                        11, 12, 13, 14, 15, 16, 17, 18, 19, 20}));
    const auto types = a->types();
    const auto first_ack = std::find(types.begin(), types.end(), "ack");
    const auto first_message = std::find(types.begin(), types.end(), "message");
    EXPECT_LT(first_ack, first_message) << "the sender saw its message before its ack";
}

TEST_F(ChatService, MessagesThatArriveInOneTurnShareOneCommit) {
    auto a = joined(alice);
    const auto commits_before = db->log().stats().commits;
    // Both threads are held while the messages arrive, so the shard takes them all in one turn.
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<int> held{0};
    for (int i = 0; i < 2; ++i)
        boost::asio::post(ioc, [&held, released] {
            ++held;
            released.wait();
        });
    while (held < 2) std::this_thread::sleep_for(1ms);
    for (int i = 0; i < 30; ++i)
        send(a, {{"type", "message"}, {"roomId", room}, {"text", std::to_string(i)}});
    release.set_value();
    ASSERT_TRUE(wait_for(*a, "ack", 30));
    EXPECT_EQ(db->log().stats().commits - commits_before, 1u)
        << "the first message went to the log alone, without the ones right behind it";
    ASSERT_TRUE(wait_for(*a, "message", 30));
    EXPECT_EQ(seqs_seen(*a).back(), 30);
}

TEST_F(ChatService, RequestsSentRightAfterAJoinWaitForIt) {
    auto a = connect(alice);
    send(a, {{"type", "join"}, {"roomId", room}});
    send(a, {{"type", "message"}, {"roomId", room}, {"text", "at once"}});
    send(a, {{"type", "list"}, {"roomId", room}});
    EXPECT_TRUE(wait_for(*a, "ack"));
    EXPECT_TRUE(wait_for(*a, "list"));
    for (const auto& e : a->events()) EXPECT_NE(e.at("type"), "error") << json::serialize(e);
}

TEST_F(ChatService, AJoinDuringAStreamMissesNothingAndGetsNothingTwice) {
    auto a = connect(alice);
    send(a, {{"type", "join"}, {"roomId", room}});
    ASSERT_TRUE(wait_for(*a, "joined"));  // the room is live on this node
    for (int round = 0; round < 20; ++round) {
        auto b = connect(bob);
        std::thread stream([&] { from_elsewhere(30); });
        send(b, {{"type", "join"}, {"roomId", room}});
        stream.join();
        const auto last = db->log().read(room, {})->last_seq;
        const auto deadline = std::chrono::steady_clock::now() + 3s;
        while ((seqs_seen(*b).empty() || seqs_seen(*b).back() < last) &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(2ms);
        const auto seen = seqs_seen(*b);
        ASSERT_FALSE(seen.empty());
        for (std::size_t i = 1; i < seen.size(); ++i)
            ASSERT_EQ(seen[i], seen[i - 1] + 1) << "round " << round << ": a gap or a repeat";
        ASSERT_EQ(seen.back(), last) << "round " << round;
        send(b, {{"type", "leave"}, {"roomId", room}});
    }
}

TEST_F(ChatService, MessagesStoredWhileAJoinsSnapshotIsInFlightFollowJoined) {
    auto a = connect(alice);
    send(a, {{"type", "join"}, {"roomId", room}});
    ASSERT_TRUE(wait_for(*a, "joined"));
    from_elsewhere(2);
    log->stall_reads();
    auto b = connect(bob);
    send(b, {{"type", "join"}, {"roomId", room}});
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (log->stalled_reads() == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(1ms);
    ASSERT_EQ(log->stalled_reads(), 1) << "b's snapshot was never read";
    from_elsewhere(3);  // after b's snapshot (seq 2), before b is live
    ASSERT_TRUE(wait_for(*a, "message", 5));
    log->resume_reads();
    ASSERT_TRUE(wait_for(*b, "joined"));
    from_elsewhere(1);
    ASSERT_TRUE(wait_for(*b, "message", 4));
    EXPECT_EQ(wait_for(*b, "joined")->at("lastSeq").as_int64(), 2);
    EXPECT_EQ(seqs_seen(*b), (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6}));
}

TEST_F(ChatService, JoinsThatComeTogetherShareOneHistoryRead) {
    from_elsewhere(10);
    log->stall_reads();
    auto first = connect(alice);
    send(first, {{"type", "join"}, {"roomId", room}});
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (log->stalled_reads() == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(1ms);
    ASSERT_EQ(log->stalled_reads(), 1);
    // A reconnect storm: while the first join's snapshot is read, 40 more come, most from the
    // same place in the stream, some from a little earlier.
    std::vector<std::shared_ptr<fake_connection>> storm;
    for (int i = 0; i < 40; ++i) {
        storm.push_back(connect(i % 2 ? alice : bob));
        send(storm.back(), {{"type", "join"}, {"roomId", room}, {"since", i % 4 ? 7 : 4}});
    }
    log->resume_reads();
    for (std::size_t i = 0; i < storm.size(); ++i) {
        ASSERT_TRUE(wait_for(*storm[i], "joined")) << i;
        EXPECT_EQ(seqs_seen(*storm[i]), i % 4 ? (std::vector<std::int64_t>{8, 9, 10})
                                              : (std::vector<std::int64_t>{5, 6, 7, 8, 9, 10}));
    }
    EXPECT_EQ(log->reads, 2) << "one read for the first join, one for the 40 that waited";

    // A moment later, nothing new stored: the page read for the storm serves the next join.
    auto late = connect(bob);
    send(late, {{"type", "join"}, {"roomId", room}, {"since", 9}});
    ASSERT_TRUE(wait_for(*late, "joined"));
    EXPECT_EQ(seqs_seen(*late), std::vector<std::int64_t>{10});
    EXPECT_EQ(log->reads, 2);
    // Once a message passed, that page is out of date: the next join reads again.
    from_elsewhere(1);
    ASSERT_TRUE(wait_for(*late, "message"));
    auto later = connect(bob);
    send(later, {{"type", "join"}, {"roomId", room}, {"since", 9}});
    ASSERT_TRUE(wait_for(*later, "joined"));
    EXPECT_EQ(seqs_seen(*later), (std::vector<std::int64_t>{10, 11}));
    EXPECT_EQ(log->reads, 3);
}

TEST_F(ChatService, AFrameTheBusLostIsFilledFromTheLog) {
    auto a = connect(alice);
    send(a, {{"type", "join"}, {"roomId", room}});
    ASSERT_TRUE(wait_for(*a, "joined"));
    from_elsewhere(1);
    from_elsewhere(2, true);  // stored, never delivered by the bus
    from_elsewhere(1);
    ASSERT_TRUE(wait_for(*a, "message", 4));
    EXPECT_EQ(seqs_seen(*a), (std::vector<std::int64_t>{1, 2, 3, 4}));
}

TEST_F(ChatService, AfterTheBusWasAwayRoomsBehindCatchUpTogether) {
    // The room, 8 more, one far behind (the tenth), one quiet (the last); a connection in each.
    std::vector<store::id_t> rooms{room};
    for (int i = 0; i < 10; ++i)
        rooms.push_back(
            db->rooms()
                .create_room({"r" + std::to_string(i), false, room_kind::group, alice.id}, 1)
                ->id);
    const auto far_behind = rooms[9];
    std::vector<std::shared_ptr<fake_connection>> in;
    for (auto r : rooms) {
        in.push_back(connect(alice));
        send(in.back(), {{"type", "join"}, {"roomId", r}});
        ASSERT_TRUE(wait_for(*in.back(), "joined"));
    }
    // While the bus was away: 2 messages in each of the first nine, more than a gap fill's
    // worth in one, nothing in the quiet one.
    std::vector<store::new_message> stored;
    for (std::size_t r = 0; r < 9; ++r)
        for (int i = 0; i < 2; ++i) stored.push_back({rooms[r], bob.id, "bob", "while away", 1});
    for (int i = 0; i < limits::gap_fill_max + 5; ++i)
        stored.push_back({far_behind, bob.id, "bob", "while away", 1});
    testing::append_all(db->log(), std::move(stored));
    const int reads_before = log->reads;
    chat->on_subscribed(rooms);
    for (std::size_t r = 0; r < 9; ++r) {
        ASSERT_TRUE(wait_for(*in[r], "message", 2)) << r;
        EXPECT_EQ(seqs_seen(*in[r]), (std::vector<std::int64_t>{1, 2}));
    }
    ASSERT_TRUE(wait_for(*in[9], "message", limits::gap_fill_max + 5));
    std::vector<std::int64_t> all(limits::gap_fill_max + 5);
    std::iota(all.begin(), all.end(), 1);
    EXPECT_EQ(seqs_seen(*in[9]), all);
    EXPECT_LE(log->range_reads, 3)
        << "the rooms behind are read together, once per shard, and the far room's rest after";
    EXPECT_EQ(log->reads, reads_before) << "no room is read alone";
    std::this_thread::sleep_for(50ms);
    EXPECT_FALSE(wait_for(*in[10], "message", 1, 0ms)) << "the quiet room missed nothing";
}

TEST_F(ChatService, ACatchUpWhoseReadsFailIsOwedUntilOneSucceeds) {
    auto a = joined(alice);
    from_elsewhere(3, /*lost=*/true);
    log->fail_range_reads = 4;  // the database is away for the first four tries
    chat->on_subscribed({room});
    ASSERT_TRUE(wait_for(*a, "message", 3)) << "the catch-up was given up";
    EXPECT_EQ(seqs_seen(*a), (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_GE(log->range_reads, 5);
}

TEST_F(ChatService, ARetryOfAMessageStoredButNeverPublishedDeliversIt) {
    auto a = joined(alice);
    auto b = joined(bob);
    // Stored, but its sender never heard (a lost COMMIT reply) and nobody published it.
    store::new_message first{room, bob.id, "bob", "once", 1};
    first.client_msg_id = "lost-1";
    testing::append_all(db->log(), {first});
    send(b, {{"type", "message"}, {"roomId", room}, {"text", "once"}, {"clientMsgId", "lost-1"}});
    auto ack = wait_for(*b, "ack");
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->at("seq").as_int64(), 1);
    ASSERT_TRUE(wait_for(*a, "message")) << "the stored message never reached the room";
    EXPECT_EQ(seqs_seen(*a), std::vector<std::int64_t>{1});
    // Retried once more: acked again, delivered no second time.
    send(b, {{"type", "message"}, {"roomId", room}, {"text", "once"}, {"clientMsgId", "lost-1"}});
    ASSERT_TRUE(wait_for(*b, "ack", 2));
    std::this_thread::sleep_for(50ms);
    EXPECT_EQ(seqs_seen(*a), std::vector<std::int64_t>{1});
}

/// The chat core as it runs with a lossy bus between nodes: shards reconcile with the log.
class ChatServiceReconciling : public ChatService {
  protected:
    chat_options options() const override {
        auto o = ChatService::options();
        o.reconcile_every = 100ms;
        return o;
    }
};

TEST_F(ChatServiceReconciling, AMessageWhosePublishWasLostReachesAQuietRoom) {
    auto a = joined(alice);
    from_elsewhere(2, /*lost=*/true);  // stored by another node; its publishes never arrived
    ASSERT_TRUE(wait_for(*a, "message", 2)) << "the room's sockets never heard of them";
    EXPECT_EQ(seqs_seen(*a), (std::vector<std::int64_t>{1, 2}));
}

TEST_F(ChatService, AMessageWhosePublishWasLostWaitsForTheNextFrameWithoutReconciling) {
    auto a = joined(alice);
    from_elsewhere(1, /*lost=*/true);
    EXPECT_FALSE(wait_for(*a, "message", 1, 300ms)) << "the local bus needs no reconciling";
}

TEST_F(ChatService, RemovingAMemberEvictsTheirConnectionsAndTellsTheRest) {
    auto a = joined(alice);
    auto b = joined(bob);
    bus.publish_control({bus::control_event::kind::member_removed, room, bob.id});
    auto notice = wait_for(*b, "removed");
    ASSERT_TRUE(notice);
    EXPECT_EQ(notice->at("reason"), "removed");
    auto left = wait_for(*a, "member_left");
    ASSERT_TRUE(left);
    EXPECT_EQ(left->at("user"), "bob");
    send(b, {{"type", "message"}, {"roomId", room}, {"text", "still here?"}});
    EXPECT_EQ(wait_for(*b, "error")->at("code"), "not_joined");
}

TEST_F(ChatService, ARevokedSessionIsHandedToTheNode) {
    bus.publish_control({bus::control_event::kind::session_revoked, 0, 0, "hash"});
    EXPECT_EQ(revoked, std::vector<std::string>{"hash"});
}

TEST_F(ChatService, AClosedConnectionLeavesItsRooms) {
    auto a = joined(alice);
    auto b = joined(bob);
    chat->on_closed(b);
    EXPECT_TRUE(wait_for(*a, "member_left"));
    EXPECT_EQ(presence.online_in(room), std::unordered_set<bus::id_t>{alice.id});
}

TEST_F(ChatService, EveryRequestIsReportedDone) {
    auto a = connect(alice);
    send(a, {{"type", "join"}, {"roomId", room}});
    send(a, {{"type", "message"}, {"roomId", room}, {"text", "x"}});
    send(a, {{"type", "bogus"}});
    ASSERT_TRUE(wait_for(*a, "ack"));
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (a->done < 3 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(2ms);
    EXPECT_EQ(a->done, 3);
}

}  // namespace
}  // namespace parley::chat

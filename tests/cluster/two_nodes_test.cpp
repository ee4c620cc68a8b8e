// Two real `parley serve` nodes sharing one PostgreSQL database and one Redis: a message sent
// on one node reaches the other node's clients once, in seq order, and control events act on
// every node. Runs on $PARLEY_TEST_PG and $PARLEY_TEST_REDIS (make test starts both).
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/http_client.hpp"
#include "support/postgres_database.hpp"
#include "support/redis_server.hpp"
#include "support/server_process.hpp"
#include "support/ws_client.hpp"

namespace parley::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string redis_url() {
    const char* url = std::getenv("PARLEY_TEST_REDIS");
    if (!url) throw std::runtime_error("PARLEY_TEST_REDIS is not set: run through make test");
    return url;
}

struct user {
    std::string name, token;
};

/// Two nodes over one new database, with alice (owner) and bob in alice's group `room`.
class TwoNodes : public ::testing::Test {
  protected:
    void SetUp() override {
        // A prefix of its own: other tests share the Redis, and their room ids are the same.
        const std::vector<std::string> bus{"--redis", redis_url(), "--redis-prefix",
                                           db.url().substr(db.url().rfind('/') + 1) + ":"};
        a = std::make_unique<server_process>(PARLEY_BINARY, db.url(), 0, bus);
        b = std::make_unique<server_process>(PARLEY_BINARY, db.url(), 0, bus);
        alice = signup(a->port(), "alice");
        bob = signup(b->port(), "bob");
        room = http_call(a->port(), "POST", "/groups", {{"name", "both"}}, alice.token)
                   .body.at("id")
                   .as_int64();
    }
    static user signup(unsigned short port, const std::string& name) {
        auto r = http_call(port, "POST", "/auth/register",
                           {{"username", name}, {"password", "password123"}});
        if (r.status != 201) throw std::runtime_error(r.raw_body);
        return {name, std::string(r.body.at("token").as_string())};
    }
    std::unique_ptr<ws_client> connect(const server_process& node, const user& who) {
        auto c = std::make_unique<ws_client>(
            node.port(),
            std::map<std::string, std::string>{{"Authorization", "Bearer " + who.token}});
        c->send_json({{"type", "join"}, {"roomId", room}});
        EXPECT_TRUE(c->next_of("joined"));
        return c;
    }
    /// The seqs and texts of the next `n` messages `c` receives, in arrival order.
    static std::vector<std::pair<std::int64_t, std::string>> receive(ws_client& c, int n) {
        std::vector<std::pair<std::int64_t, std::string>> out;
        while (static_cast<int>(out.size()) < n) {
            auto m = c.next_of("message", 10s);
            if (!m) break;
            out.emplace_back(m->at("message").at("seq").as_int64(),
                             std::string(m->at("message").at("text").as_string()));
        }
        return out;
    }

    /// "name:online,..." for a member list, from a `list` frame ("user") or REST ("username").
    static std::string online_flags(const json::array& members, const char* name_key) {
        std::string out;
        for (const auto& m : members)
            out += std::string(m.at(name_key).as_string()) +
                   (m.at("online").as_bool() ? ":on " : ":off ");
        return out;
    }
    /// The REST member list's online flags as node `port` answers them.
    std::string rest_flags(unsigned short port) const {
        auto r = http_call(port, "GET", "/groups/" + std::to_string(room), nullptr, alice.token);
        return r.status == 200 ? online_flags(r.body.at("members").as_array(), "username")
                               : r.raw_body;
    }

    postgres_database db;
    std::unique_ptr<server_process> a, b;
    user alice, bob;
    std::int64_t room = 0;
};

TEST_F(TwoNodes, EveryClientSeesEveryMessageOnceInSeqOrder) {
    auto on_a = connect(*a, alice);
    auto on_b = connect(*b, bob);
    constexpr int each = 150;
    std::thread alice_sends([&] {
        for (int i = 0; i < each; ++i)
            on_a->send_json(
                {{"type", "message"}, {"roomId", room}, {"text", "a" + std::to_string(i)}});
    });
    for (int i = 0; i < each; ++i)
        on_b->send_json({{"type", "message"}, {"roomId", room}, {"text", "b" + std::to_string(i)}});
    alice_sends.join();
    const auto seen_a = receive(*on_a, 2 * each);
    const auto seen_b = receive(*on_b, 2 * each);
    ASSERT_EQ(seen_a.size(), 2u * each);
    for (std::size_t i = 0; i < seen_a.size(); ++i)
        ASSERT_EQ(seen_a[i].first, static_cast<std::int64_t>(i) + 1) << "alice's view out of order";
    EXPECT_EQ(seen_b, seen_a) << "the two nodes' clients saw different streams";
    EXPECT_TRUE(on_b->silent_for(300ms)) << "a message came twice";
}

TEST_F(TwoNodes, ChangesAndTypingReachTheOtherNode) {
    auto on_a = connect(*a, alice);
    auto on_b = connect(*b, bob);
    on_a->send_json({{"type", "message"}, {"roomId", room}, {"text", "helo"}});
    auto sent = on_b->next_of("message");
    ASSERT_TRUE(sent);
    const auto id = sent->at("message").at("id").as_int64();
    on_a->send_json({{"type", "edit"}, {"roomId", room}, {"messageId", id}, {"text", "hello"}});
    auto edited = on_b->next_of("message_edited");
    ASSERT_TRUE(edited);
    EXPECT_EQ(edited->at("text").as_string(), "hello");
    on_b->send_json({{"type", "react"}, {"roomId", room}, {"messageId", id}, {"emoji", "👍"}});
    auto reaction = on_a->next_of("reaction");
    ASSERT_TRUE(reaction);
    EXPECT_EQ(reaction->at("user").as_string(), "bob");
    on_b->send_json({{"type", "typing"}, {"roomId", room}});
    auto typing = on_a->next_of("typing");
    ASSERT_TRUE(typing) << "typing goes through the bus";
    EXPECT_EQ(typing->at("user").as_string(), "bob");
}

TEST_F(TwoNodes, AJoinOnOneNodeWhileTheOtherSendsMissesNothing) {
    auto on_a = connect(*a, alice);
    std::thread alice_sends([&] {
        for (int i = 0; i < 300; ++i) {
            on_a->send_json({{"type", "message"}, {"roomId", room}, {"text", std::to_string(i)}});
            if (i % 10 == 0) std::this_thread::sleep_for(1ms);
        }
    });
    std::this_thread::sleep_for(20ms);
    ws_client on_b(b->port(), {{"Authorization", "Bearer " + bob.token}});
    on_b.send_json({{"type", "join"}, {"roomId", room}});
    auto joined = on_b.next_of("joined");
    alice_sends.join();
    ASSERT_TRUE(joined);
    std::int64_t last = joined->at("lastSeq").as_int64();
    while (last < 300) {
        auto m = on_b.next_of("message", 5s);
        ASSERT_TRUE(m) << "bob's stream stopped at seq " << last;
        const auto seq = m->at("message").at("seq").as_int64();
        ASSERT_EQ(seq, last + 1) << "bob's stream skipped or repeated";
        last = seq;
    }
}

TEST_F(TwoNodes, PresenceIsTheSameFromEveryNode) {
    auto on_a = connect(*a, alice);
    auto on_b = connect(*b, bob);
    auto joined = on_a->next_of("member_joined", 5s);
    ASSERT_TRUE(joined) << "alice did not hear that bob joined on the other node";
    EXPECT_EQ(joined->at("user").as_string(), "bob");
    for (auto* c : {on_a.get(), on_b.get()}) {
        c->send_json({{"type", "list"}, {"roomId", room}});
        auto list = c->next_of("list");
        ASSERT_TRUE(list);
        EXPECT_EQ(online_flags(list->at("members").as_array(), "user"), "alice:on bob:on ");
    }
    EXPECT_EQ(rest_flags(a->port()), "alice:on bob:on ");
    EXPECT_EQ(rest_flags(b->port()), "alice:on bob:on ");

    on_b->close();
    auto left = on_a->next_of("member_left", 5s);
    ASSERT_TRUE(left) << "alice did not hear that bob left on the other node";
    EXPECT_EQ(left->at("user").as_string(), "bob");
    for (auto port : {a->port(), b->port()}) {
        std::string flags;
        for (int i = 0; i < 100 && (flags = rest_flags(port)) != "alice:on bob:off "; ++i)
            std::this_thread::sleep_for(20ms);
        EXPECT_EQ(flags, "alice:on bob:off ") << "on the node at port " << port;
    }
}

TEST_F(TwoNodes, ARemovedMemberIsCutOffOnEveryNode) {
    auto on_b = connect(*b, bob);
    auto r = http_call(a->port(), "DELETE", "/groups/" + std::to_string(room) + "/members/bob",
                       nullptr, alice.token);
    ASSERT_EQ(r.status, 200) << r.raw_body;
    auto removed = on_b->next_of("removed", 5s);
    ASSERT_TRUE(removed) << "bob's socket on the other node was not told";
    EXPECT_EQ(removed->at("roomId").as_int64(), room);
    on_b->send_json({{"type", "message"}, {"roomId", room}, {"text", "still here?"}});
    EXPECT_EQ(on_b->next_of("error")->at("code").as_string(), "not_joined");
}

TEST_F(TwoNodes, RoomListEventsReachTheUsersSocketsOnEveryNode) {
    // alice's socket on a joins nothing: it hears of her rooms only.
    auto idle = std::make_unique<ws_client>(
        a->port(), std::map<std::string, std::string>{{"Authorization", "Bearer " + alice.token}});
    auto on_b = connect(*b, bob);
    on_b->send_json({{"type", "message"}, {"roomId", room}, {"text", "from b"}});
    auto activity = idle->next_of("room_activity", 5s);
    ASSERT_TRUE(activity) << "the other node's message was not announced";
    EXPECT_EQ(activity->at("roomId").as_int64(), room);
    EXPECT_EQ(activity->at("preview").as_string(), "from b");

    ASSERT_EQ(http_call(b->port(), "POST", "/groups/" + std::to_string(room) + "/read",
                        {{"seq", 1}}, alice.token)
                  .status,
              200);
    auto read = idle->next_of("read", 5s);
    ASSERT_TRUE(read) << "a read marker set through node b did not reach node a";
    EXPECT_EQ(read->at("seq").as_int64(), 1);

    auto direct = http_call(b->port(), "POST", "/direct", {{"username", "alice"}}, bob.token);
    ASSERT_EQ(direct.status, 201) << direct.raw_body;
    auto added = idle->next_of("room_added", 5s);
    ASSERT_TRUE(added);
    EXPECT_EQ(added->at("roomId").as_int64(), direct.body.at("id").as_int64());
}

TEST_F(TwoNodes, LoggingOutClosesTheSessionsSocketsOnEveryNode) {
    auto on_b = connect(*b, bob);
    ASSERT_EQ(http_call(a->port(), "POST", "/auth/logout", nullptr, bob.token).status, 200);
    EXPECT_EQ(on_b->wait_closed(5s), 4001) << "the socket on the other node stayed open";
}

TEST(OneNodeWithRedis, KeepsServingItsClientsWhileRedisIsAwayAndSaysSo) {
    postgres_database db;
    redis_server redis;  // its own: this test stops it
    server_process node(PARLEY_BINARY, db.url(), 0, {"--redis", redis.url()});
    auto ready = http_call(node.port(), "GET", "/readyz");
    ASSERT_EQ(ready.status, 200) << ready.raw_body;
    EXPECT_EQ(ready.body.at("checks").at("redis").as_string(), "ok");

    auto r = http_call(node.port(), "POST", "/auth/register",
                       {{"username", "carol"}, {"password", "password123"}});
    const std::string token(r.body.at("token").as_string());
    const auto room = http_call(node.port(), "POST", "/groups", {{"name", "alone"}}, token)
                          .body.at("id")
                          .as_int64();
    ws_client c(node.port(), {{"Authorization", "Bearer " + token}});
    c.send_json({{"type", "join"}, {"roomId", room}});
    ASSERT_TRUE(c.next_of("joined"));

    redis.stop();
    auto down = http_call(node.port(), "GET", "/readyz");
    for (int i = 0; i < 50 && down.status == 200; ++i) {
        std::this_thread::sleep_for(20ms);
        down = http_call(node.port(), "GET", "/readyz");
    }
    EXPECT_EQ(down.status, 503) << down.raw_body;
    EXPECT_EQ(down.body.at("checks").at("redis").as_string(), "unavailable");
    EXPECT_EQ(down.body.at("checks").at("database").as_string(), "ok");
    // Messages are still stored and reach the node's own clients.
    c.send_json(
        {{"type", "message"}, {"roomId", room}, {"text", "anyone?"}, {"clientMsgId", "m1"}});
    EXPECT_TRUE(c.next_of("ack"));
    auto m = c.next_of("message");
    ASSERT_TRUE(m) << "local delivery stopped with Redis";
    EXPECT_EQ(m->at("message").at("text").as_string(), "anyone?");

    redis.start();
    auto back = http_call(node.port(), "GET", "/readyz");
    for (int i = 0; i < 250 && back.status != 200; ++i) {
        std::this_thread::sleep_for(20ms);
        back = http_call(node.port(), "GET", "/readyz");
    }
    EXPECT_EQ(back.status, 200) << "not ready 5 s after Redis returned: " << back.raw_body;
}

/// A new account on the node at `port`; returns its token.
std::string signup_on(unsigned short port, const std::string& name) {
    auto r = http_call(port, "POST", "/auth/register",
                       {{"username", name}, {"password", "password123"}});
    return std::string(r.body.at("token").as_string());
}

/// alice on node `a` and bob on node `b`, in alice's new group: join_both() joins them,
/// send() has alice send a message and waits for its ack.
struct alice_and_bob {
    alice_and_bob(unsigned short a, unsigned short b, const std::string& group)
        : alice(signup_on(a, "alice")),
          bob(signup_on(b, "bob")),
          room(http_call(a, "POST", "/groups", {{"name", group}}, alice).body.at("id").as_int64()),
          on_a(a, {{"Authorization", "Bearer " + alice}}),
          on_b(b, {{"Authorization", "Bearer " + bob}}) {}
    void join_both() {
        for (auto* c : {&on_a, &on_b}) {
            c->send_json({{"type", "join"}, {"roomId", room}});
            ASSERT_TRUE(c->next_of("joined"));
        }
    }
    void send(const std::string& text) {
        on_a.send_json(
            {{"type", "message"}, {"roomId", room}, {"text", text}, {"clientMsgId", text}});
        ASSERT_TRUE(on_a.next_of("ack")) << "no ack for " << text;
    }
    const std::string alice, bob;
    const std::int64_t room;
    ws_client on_a, on_b;
};

TEST(TwoNodesAndRedisRestart, WhatWasSentWhileRedisWasAwayArrivesOnceItIsBack) {
    postgres_database db;
    redis_server redis;  // its own: this test stops it
    const std::vector<std::string> bus{"--redis", redis.url()};
    server_process a(PARLEY_BINARY, db.url(), 0, bus), b(PARLEY_BINARY, db.url(), 0, bus);
    alice_and_bob two(a.port(), b.port(), "outage");
    ASSERT_NO_FATAL_FAILURE(two.join_both());
    auto& [alice, bob, room, on_a, on_b] = two;
    auto send = [&](const std::string& text) { two.send(text); };
    send("before");
    ASSERT_TRUE(on_b.next_of("message"));

    // Sent at once after Redis went away, while the node may still write to its dead socket.
    redis.stop();
    for (int i = 1; i <= 5; ++i) send("during-" + std::to_string(i));  // stored, not carried
    redis.start();
    for (int seq = 2; seq <= 6; ++seq) {
        auto m = on_b.next_of("message", 10s);
        ASSERT_TRUE(m) << "seq " << seq << " never reached the other node";
        EXPECT_EQ(m->at("message").at("seq").as_int64(), seq);
    }
    send("after");
    auto m = on_b.next_of("message", 5s);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->at("message").at("seq").as_int64(), 7);
    EXPECT_TRUE(on_b.silent_for(300ms)) << "a message came twice";
    // Presence outlived the outage: each node still sees the other's user, and nobody left.
    for (const auto& [port, other] : {std::pair{a.port(), "bob"}, std::pair{b.port(), "alice"}}) {
        auto g = http_call(port, "GET", "/groups/" + std::to_string(room), nullptr, alice);
        ASSERT_EQ(g.status, 200);
        for (const auto& member : g.body.at("members").as_array()) {
            if (member.at("username") == other) {
                EXPECT_TRUE(member.at("online").as_bool()) << other << " seen offline";
            }
        }
    }
    for (auto extra = on_a.next(100ms); extra; extra = on_a.next(100ms))
        if (extra->at("type") != "message") ADD_FAILURE() << "alice heard " << *extra;
}

/// The ids of the clients connected to `redis` now, except redis-cli itself.
std::vector<std::string> redis_client_ids(const redis_server& redis) {
    std::vector<std::string> ids;
    std::istringstream list(redis.cli("client list"));
    for (std::string line; std::getline(list, line);) {
        if (line.find("cmd=client") != std::string::npos || !line.starts_with("id=")) continue;
        ids.push_back(line.substr(3, line.find(' ') - 3));
    }
    return ids;
}

// Only one node's connections to Redis drop (a network blip on its side): its publishes are lost
// while it reconnects, and the other node, whose link never broke, gets no resubscription to
// trigger a catch-up. The reconciliation of active rooms with the log still brings every message.
TEST(TwoNodesAndOneRedisLink, WhatANodeSentWhileOnlyItsLinkWasDownReachesTheOtherNode) {
    postgres_database db;
    redis_server redis;
    const std::vector<std::string> bus{"--redis", redis.url()};
    server_process a(PARLEY_BINARY, db.url(), 0, bus);
    ASSERT_EQ(http_call(a.port(), "GET", "/readyz").status, 200);
    const auto links_of_a = redis_client_ids(redis);
    ASSERT_GE(links_of_a.size(), 2u) << "a publisher and a subscriber";
    server_process b(PARLEY_BINARY, db.url(), 0, bus);
    alice_and_bob two(a.port(), b.port(), "blip");
    ASSERT_NO_FATAL_FAILURE(two.join_both());
    auto& [alice, bob, room, on_a, on_b] = two;
    auto send = [&](const std::string& text) { two.send(text); };
    send("before");
    ASSERT_TRUE(on_b.next_of("message"));

    std::string kill = "client kill";
    for (const auto& id : links_of_a) kill += " id " + id;
    redis.cli(kill);
    for (int i = 1; i <= 5; ++i) send("during-" + std::to_string(i));
    // Then the room goes quiet: nothing else would ever make b read.
    for (int seq = 2; seq <= 6; ++seq) {
        auto m = on_b.next_of("message", 10s);
        ASSERT_TRUE(m) << "seq " << seq << " never reached the other node";
        EXPECT_EQ(m->at("message").at("seq").as_int64(), seq);
    }
    EXPECT_TRUE(on_b.silent_for(300ms)) << "a message came twice";
    EXPECT_EQ(http_call(a.port(), "GET", "/readyz").status, 200) << "a reconnected";
}

}  // namespace
}  // namespace parley::testing

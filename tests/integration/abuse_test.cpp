// Rate limits (config's abuse_limits, as `--limit` sets them): each refuses the work it guards,
// says when to come back, and closes a WebSocket client that does not listen.
#include <future>

#include "integration/helpers.hpp"
#include "support/seed.hpp"

namespace parley::testing {
namespace {

using namespace std::chrono_literals;

/// A server with the production limits, except the ones a test narrows.
class Abuse : public ::testing::Test {
  protected:
    void start(const std::function<void(abuse_limits&)>& narrow = {}) {
        server_config config;  // the defaults `parley serve` runs with
        if (narrow) narrow(config.abuse);
        server = std::make_unique<test_server>(config);
        alice = server->signup("alice");
        room = server->create_group(alice, "room");
    }
    http_reply login(const std::string& user, const std::string& password,
                     const std::string& from = "") {
        return http_call(server->port(), "POST", "/auth/login",
                         {{"username", user}, {"password", password}}, "",
                         from.empty() ? "" : "X-Forwarded-For", from);
    }
    std::unique_ptr<test_server> server;
    account alice;
    store::id_t room = 0;
};

TEST_F(Abuse, AFloodingSenderIsRefusedAndNothingOverTheLimitIsStored) {
    start([](abuse_limits& l) { l.messages = {2, 5}; });
    auto a = server->connect(alice);
    join(*a, room);
    for (int i = 0; i < 20; ++i)
        a->send_json({{"type", "message"},
                      {"roomId", room},
                      {"text", "flood " + std::to_string(i)},
                      {"clientMsgId", "c" + std::to_string(i)}});
    int acked = 0, refused = 0;
    while (acked + refused < 20) {
        auto e = a->next();
        ASSERT_TRUE(e) << acked << " acked, " << refused << " refused";
        if (e->at("type") == "ack") ++acked;
        if (e->at("type") == "error") {
            ASSERT_EQ(e->at("code"), "rate_limited");
            EXPECT_GT(e->at("retryAfterMs").as_int64(), 0);
            EXPECT_LE(e->at("retryAfterMs").as_int64(), 500);
            EXPECT_TRUE(e->as_object().contains("clientMsgId")) << "the client knows which";
            ++refused;
        }
    }
    EXPECT_GE(acked, 5);
    EXPECT_LE(acked, 7) << "a burst of 5, then 2 a second";
    EXPECT_EQ(recent(server->log(), room, 100).size(), static_cast<std::size_t>(acked));
    // Waiting as told is enough.
    std::this_thread::sleep_for(600ms);
    a->send_json(text_msg(room, "after the wait"));
    EXPECT_TRUE(a->next_of("ack"));
}

TEST_F(Abuse, AClientThatIgnoresRateLimitedIsClosed) {
    start([](abuse_limits& l) {
        l.messages = {1, 2};
        l.refusals = {0.1, 5};
    });
    auto a = server->connect(alice);
    join(*a, room);
    for (int i = 0; i < 30; ++i) a->send_json(text_msg(room, "flood"));
    EXPECT_EQ(a->wait_closed(5s), 1008);
    EXPECT_LE(recent(server->log(), room, 100).size(), 3u);
}

TEST_F(Abuse, AClientThatWaitsAsToldIsNeverClosed) {
    start([](abuse_limits& l) {
        l.messages = {20, 2};
        l.refusals = {0.1, 3};
    });
    auto a = server->connect(alice);
    join(*a, room);
    int refused = 0;
    for (int i = 0; i < 40; ++i) {
        // Each message right after the last ack; after a refusal, exactly the wait it names.
        for (;;) {
            a->send_json(text_msg(room, "steady " + std::to_string(i)));
            auto e = a->next();
            while (e && e->at("type") == "message") e = a->next();  // its own, in the room
            ASSERT_TRUE(e) << "message " << i << " after " << refused << " refusals";
            if (e->at("type") == "ack") break;
            ASSERT_EQ(error_code(e), "rate_limited");
            ++refused;
            std::this_thread::sleep_for(
                std::chrono::milliseconds(e->at("retryAfterMs").as_int64()));
        }
    }
    EXPECT_GT(refused, 3) << "more refusals than the burst that closes a client that ignores them";
    EXPECT_FALSE(a->wait_closed(200ms));
    EXPECT_EQ(recent(server->log(), room, 100).size(), 40u);
}

TEST_F(Abuse, AddingOthersToPrivateGroupsIsLimitedPerUser) {
    start([](abuse_limits& l) { l.invites_per_user = {0.01, 3}; });
    const auto secret = server->create_group(alice, "secret", true);
    for (int i = 0; i < 3; ++i) {
        const auto name = "friend" + std::to_string(i);
        server->signup(name);
        EXPECT_EQ(
            http_call(server->port(), "POST", "/groups/" + std::to_string(secret) + "/members",
                      {{"username", name}}, alice.token)
                .status,
            201);
    }
    server->signup("stranger");
    auto refused =
        http_call(server->port(), "POST", "/groups/" + std::to_string(secret) + "/members",
                  {{"username", "stranger"}}, alice.token);
    EXPECT_EQ(refused.status, 429);
    EXPECT_FALSE(refused.retry_after.empty());
    auto members =
        http_call(server->port(), "GET", "/groups/" + std::to_string(secret), nullptr, alice.token);
    EXPECT_EQ(members.body.at("members").as_array().size(), 4u) << "the stranger was not added";
    // Joining a public group oneself is not an invitation.
    auto bob = server->signup("bob");
    EXPECT_EQ(http_call(server->port(), "POST", "/groups/" + std::to_string(room) + "/members",
                        {{"username", "bob"}}, bob.token)
                  .status,
              201);
}

TEST_F(Abuse, JoinsHistoryAndPingsAreLimitedPerConnection) {
    start([](abuse_limits& l) {
        l.joins = {0.1, 3};
        l.requests = {0.1, 4};
    });
    auto a = server->connect(alice);
    for (int i = 0; i < 3; ++i) join(*a, room);
    a->send_json(join_msg(room));
    EXPECT_EQ(error_code(a->next_of("error")), "rate_limited");
    for (int i = 0; i < 4; ++i) {
        a->send_json({{"type", "ping"}});
        ASSERT_TRUE(a->next_of("pong")) << i;
    }
    a->send_json({{"type", "history"}, {"roomId", room}, {"beforeSeq", 1}});
    EXPECT_EQ(error_code(a->next_of("error")), "rate_limited");
    // Another connection of the same user has its own allowance.
    auto b = server->connect(alice);
    join(*b, room);
}

TEST_F(Abuse, AClientThatKeepsSendingGarbageIsClosed) {
    start([](abuse_limits& l) { l.invalid = {0.1, 3}; });
    auto a = server->connect(alice);
    for (int i = 0; i < 3; ++i) {
        a->send_text("not json");
        EXPECT_EQ(error_code(a->next_of("error")), "invalid_message") << i;
    }
    a->send_text(R"({"type":"nonsense"})");
    EXPECT_EQ(a->wait_closed(5s), 1008);
}

TEST_F(Abuse, AClientFloodingPingFramesIsClosed) {
    start([](abuse_limits& l) { l.pings = {0.1, 5}; });
    auto a = server->connect(alice);
    for (int i = 0; i < 5; ++i) a->ping();
    EXPECT_FALSE(a->wait_closed(200ms)) << "pings within the burst are answered";
    for (int i = 0; i < 3; ++i) a->ping();
    EXPECT_EQ(a->wait_closed(5s), 1008);
}

TEST_F(Abuse, SignInsAreLimitedPerAccountKnownOrNot) {
    start([](abuse_limits& l) { l.logins_per_account = {0.01, 3}; });
    for (const std::string user : {"alice", "nobody"}) {
        for (int i = 0; i < 3; ++i) EXPECT_EQ(login(user, "wrong-password").status, 401) << user;
        auto r = login(user, "wrong-password");
        EXPECT_EQ(r.status, 429) << user;
        EXPECT_EQ(r.body.at("error").at("code"), "rate_limited");
        EXPECT_GE(std::stoi(r.retry_after), 1) << "Retry-After in seconds";
    }
    EXPECT_EQ(login("ALICE", "password123").status, 429) << "even the right password waits";
    server->signup("bob");
    EXPECT_EQ(login("bob", "password123").status, 200) << "other accounts are not held back";
}

/// A sign-in from `address` (behind a trusted proxy), with `device` as its device cookie.
http_reply sign_in_from(unsigned short port, const std::string& user, const std::string& password,
                        const std::string& address, const std::string& device = "") {
    std::vector<std::pair<std::string, std::string>> headers{{"X-Forwarded-For", address}};
    if (!device.empty()) headers.emplace_back("Cookie", "parley_device=" + device);
    return http_with_headers(port, "POST", "/auth/login", headers,
                             {{"username", user}, {"password", password}});
}

/// The device token a sign-in's answer set.
std::string device_of(const http_reply& r) {
    const std::string name = "parley_device=";
    const auto at = r.set_cookie.find(name);
    if (at == std::string::npos) return {};
    const auto from = at + name.size();
    return r.set_cookie.substr(from, r.set_cookie.find(';', from) - from);
}

TEST_F(Abuse, GuessesFromOneAddressNeverHoldTheOwnerBack) {
    server_config config;
    config.abuse.logins_per_account = {0.01, 3};
    config.trust_proxy = true;
    server = std::make_unique<test_server>(config);
    alice = server->signup("alice");
    const auto port = server->port();
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(sign_in_from(port, "alice", "wrong-password", "198.51.100.66").status, 401);
    EXPECT_EQ(sign_in_from(port, "alice", "wrong-password", "198.51.100.66").status, 429);
    EXPECT_EQ(sign_in_from(port, "alice", "password123", "198.51.100.66").status, 429)
        << "the guesser's address waits, even with the right password";
    EXPECT_EQ(sign_in_from(port, "alice", "password123", "203.0.113.5").status, 200)
        << "the owner, elsewhere, signs in";
    // Changing the password and deleting the account count from the owner's address too.
    const auto changed =
        http_call(port, "POST", "/auth/password",
                  {{"currentPassword", "password123"}, {"newPassword", "newpass456"}}, alice.token,
                  "X-Forwarded-For", "203.0.113.5");
    EXPECT_EQ(changed.status, 200);
}

TEST_F(Abuse, GuessesFromManyAddressesHoldBackOnlyDevicesTheAccountDoesNotKnow) {
    server_config config;
    config.abuse.logins_per_account_anywhere = {0.01, 5};
    config.trust_proxy = true;
    server = std::make_unique<test_server>(config);
    const auto port = server->port();
    server->signup("alice");
    server->signup("bob");
    const auto first = sign_in_from(port, "alice", "password123", "203.0.113.5");
    ASSERT_EQ(first.status, 200);
    const auto device = device_of(first);
    ASSERT_FALSE(device.empty()) << first.set_cookie;
    EXPECT_NE(first.set_cookie.find("Path=/auth; HttpOnly"), std::string::npos) << first.set_cookie;
    EXPECT_EQ(sign_in_from(port, "alice", "password123", "203.0.113.6", device).status, 200)
        << "a known device's sign-in is not counted against the account";
    // A botnet: one guess from each of many addresses.
    for (const std::string user : {"alice", "bob"}) {
        const int unknown_tries_left = user == "alice" ? 4 : 5;  // alice's first sign-in was one
        for (int i = 0; i < unknown_tries_left; ++i)
            EXPECT_EQ(sign_in_from(port, user, "wrong-password", "198.51.100." + std::to_string(i))
                          .status,
                      401);
        EXPECT_EQ(sign_in_from(port, user, "wrong-password", "198.51.100.99").status, 429);
    }
    EXPECT_EQ(sign_in_from(port, "alice", "password123", "203.0.113.7").status, 429)
        << "a device the account does not know waits";
    const auto known = sign_in_from(port, "alice", "password123", "192.0.2.1", device);
    EXPECT_EQ(known.status, 200) << "the owner's known device, anywhere, signs in";
    const auto renewed = device_of(known);
    EXPECT_FALSE(renewed.empty());
    // Only a device token the account issued, unaltered, is known.
    EXPECT_EQ(sign_in_from(port, "bob", "password123", "192.0.2.1", device).status, 429)
        << "alice's device is not bob's";
    auto forged = device;
    forged.back() = forged.back() == 'A' ? 'B' : 'A';
    EXPECT_EQ(sign_in_from(port, "alice", "password123", "192.0.2.1", forged).status, 429);
    EXPECT_EQ(sign_in_from(port, "alice", "password123", "192.0.2.1", "x." + device).status, 429);
    // A new password makes every device a stranger again (sign in once to be known).
    const auto token = known.body.at("token").as_string();
    ASSERT_EQ(http_call(port, "POST", "/auth/password",
                        {{"currentPassword", "password123"}, {"newPassword", "newpass456"}},
                        std::string(token), "X-Forwarded-For", "192.0.2.1")
                  .status,
              200);
    EXPECT_EQ(sign_in_from(port, "alice", "newpass456", "192.0.2.1", renewed).status, 429);
}

TEST_F(Abuse, SignInsAndRegistrationsAreLimitedPerAddress) {
    start([](abuse_limits& l) {
        l.logins_per_ip = {0.01, 4};
        l.registrations_per_ip = {0.01, 2};
    });
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(login("user" + std::to_string(i), "x-password").status, 401);
    EXPECT_EQ(login("user9", "x-password").status, 429);
    auto reg = [&](const std::string& name) {
        return http_call(server->port(), "POST", "/auth/register",
                         {{"username", name}, {"password", "password123"}})
            .status;
    };
    // alice's signup in start() was the first.
    EXPECT_EQ(reg("carol"), 201);
    EXPECT_EQ(reg("dave"), 429);
}

TEST_F(Abuse, BehindATrustedProxyTheForwardedAddressCounts) {
    server_config config;
    config.abuse.logins_per_ip = {0.01, 2};
    config.trust_proxy = true;
    server = std::make_unique<test_server>(config);
    auto from = [&](const std::string& ip) {
        return http_call(server->port(), "POST", "/auth/login",
                         {{"username", "x"}, {"password", "wrong-password"}}, "", "X-Forwarded-For",
                         "203.0.113.7, " + ip)
            .status;
    };
    EXPECT_EQ(from("198.51.100.1"), 401);
    EXPECT_EQ(from("198.51.100.1"), 401);
    EXPECT_EQ(from("198.51.100.1"), 429);
    EXPECT_EQ(from("198.51.100.2"), 401) << "the proxy's last entry is the client";
}

TEST_F(Abuse, RoomCreationIsLimitedPerUser) {
    start([](abuse_limits& l) { l.rooms_per_user = {0.01, 2}; });
    // start() created one.
    EXPECT_EQ(http_call(server->port(), "POST", "/groups", {{"name", "two"}}, alice.token).status,
              201);
    auto third = http_call(server->port(), "POST", "/groups", {{"name", "three"}}, alice.token);
    EXPECT_EQ(third.status, 429);
    EXPECT_EQ(
        http_call(server->port(), "POST", "/direct", {{"username", "alice"}}, alice.token).status,
        429);
}

TEST(ConnectionCaps, OpenSocketsArePerUserAndPerAddress) {
    auto config = test_server::test_config();
    config.max_connections_per_user = 2;
    config.max_connections_per_ip = 3;
    test_server server(config);
    auto alice = server.signup("alice");
    auto bob = server.signup("bob");
    auto a1 = server.connect(alice);
    auto a2 = server.connect(alice);
    ASSERT_TRUE(a1->handshake().upgraded && a2->handshake().upgraded);
    auto a3 = server.connect(alice);
    EXPECT_EQ(a3->handshake().status, 429) << "a third socket for one user";
    auto b1 = server.connect(bob);
    EXPECT_TRUE(b1->handshake().upgraded);
    auto b2 = server.connect(bob);
    EXPECT_EQ(b2->handshake().status, 429) << "a fourth socket from one address";
    // A closed socket gives its place back.
    a1->close();
    bool upgraded = false;
    for (int i = 0; i < 50 && !upgraded; ++i) {
        std::this_thread::sleep_for(20ms);
        upgraded = server.connect(alice)->handshake().upgraded;
    }
    EXPECT_TRUE(upgraded);
}

TEST(ConnectionCaps, OneAddressHoldsOnlySoManyConnectionsThatAreNotWebSockets) {
    auto config = test_server::test_config();
    config.max_pending_per_ip = 3;
    test_server server(config);
    auto alice = server.signup("alice");
    boost::asio::io_context ioc;
    const boost::asio::ip::tcp::endpoint at(boost::asio::ip::make_address("127.0.0.1"),
                                            server.port());
    // Three connections that never send a request (a slow-loris client) hold every place.
    std::vector<boost::asio::ip::tcp::socket> idle;
    for (int i = 0; i < 3; ++i) idle.emplace_back(ioc).connect(at);
    std::this_thread::sleep_for(100ms);
    boost::asio::ip::tcp::socket fourth(ioc);
    fourth.connect(at);
    char byte = 0;
    boost::system::error_code ec;
    fourth.read_some(boost::asio::buffer(&byte, 1), ec);
    EXPECT_TRUE(ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset)
        << "a fourth connection was kept: " << ec.message();

    idle.pop_back();  // one gives its place back
    // Until the server has read that close (and, later, the close of each request made here),
    // the place is still taken and a new connection is refused at accept (reset): try again.
    const auto profile_soon = [&] {
        int status = 0;
        for (int i = 0; i < 50 && status != 200; ++i) {
            std::this_thread::sleep_for(20ms);
            try {
                status = http_call(server.port(), "GET", "/profile", nullptr, alice.token).status;
            } catch (const std::exception&) {
            }
        }
        return status;
    };
    EXPECT_EQ(profile_soon(), 200);
    // A WebSocket leaves the count once upgraded: the places are free for handshakes again.
    std::unique_ptr<ws_client> socket;
    for (int i = 0; i < 50 && !(socket && socket->handshake().upgraded); ++i) {
        if (i > 0) std::this_thread::sleep_for(20ms);
        try {
            socket = server.connect(alice);
        } catch (const std::exception&) {
        }
    }
    ASSERT_TRUE(socket && socket->handshake().upgraded);
    EXPECT_EQ(profile_soon(), 200);
}

TEST(HashingFlood, SignInsBeyondTheQueueAreRefusedAndOtherRequestsGoOn) {
    auto config = test_server::test_config();
    config.hashing_threads = 1;
    config.hashing_queue = 3;
    test_server server(config);
    auto alice = server.signup("alice");
    std::vector<std::future<http_reply>> logins;
    for (int i = 0; i < 12; ++i)
        logins.push_back(std::async(std::launch::async, [&] {
            return http_call(server.port(), "POST", "/auth/login",
                             {{"username", "alice"}, {"password", "password123"}});
        }));
    // Other requests do not wait behind the hashing.
    EXPECT_EQ(http_call(server.port(), "GET", "/profile", nullptr, alice.token).status, 200);
    int busy = 0, signed_in = 0;
    for (auto& f : logins) {
        auto r = f.get();
        if (r.status == 503) {
            EXPECT_EQ(r.body.at("error").at("code"), "busy");
            EXPECT_EQ(r.retry_after, "1");
            ++busy;
        } else {
            EXPECT_EQ(r.status, 200) << r.raw_body;
            ++signed_in;
        }
    }
    EXPECT_GE(signed_in, 3);
    EXPECT_GE(busy, 1) << "12 sign-ins at once on a queue of 3";
    EXPECT_EQ(http_call(server.port(), "POST", "/auth/login",
                        {{"username", "alice"}, {"password", "password123"}})
                  .status,
              200)
        << "once the flood is over, sign-ins go through";
}

}  // namespace
}  // namespace parley::testing

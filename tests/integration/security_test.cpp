// Who may open a socket and act in a room.
#include "integration/helpers.hpp"

namespace parley::testing {
namespace {

class Security : public ::testing::Test {
  protected:
    void SetUp() override {
        alice = server.signup("alice");
        bob = server.signup("bob");
    }
    ws_client open(std::map<std::string, std::string> headers, std::string target = "/ws") {
        return ws_client(server.port(), std::move(headers), true, std::move(target));
    }
    test_server server;
    account alice, bob;
};

TEST_F(Security, HandshakeWithoutASessionIs401) {
    EXPECT_EQ(open({}).handshake().status, 401);
    EXPECT_FALSE(open({}).handshake().upgraded);
    EXPECT_EQ(open({{"Authorization", "Bearer not-a-token"}}).handshake().status, 401);
}

TEST_F(Security, HandshakeAcceptsBearerCookieOrQueryToken) {
    EXPECT_TRUE(open({{"Authorization", "Bearer " + alice.token}}).handshake().upgraded);
    EXPECT_TRUE(open({{"Cookie", "parley_session=" + alice.token}}).handshake().upgraded);
    EXPECT_TRUE(open({}, "/ws?token=" + alice.token).handshake().upgraded);
}

TEST_F(Security, LoggedOutTokenCannotConnect) {
    http_call(server.port(), "POST", "/auth/logout", nullptr, alice.token);
    EXPECT_EQ(open({{"Authorization", "Bearer " + alice.token}}).handshake().status, 401);
}

TEST_F(Security, ForeignOriginIs403EvenWithAValidCookie) {
    auto evil =
        open({{"Cookie", "parley_session=" + alice.token}, {"Origin", "http://evil.example"}});
    EXPECT_EQ(evil.handshake().status, 403);
    const std::string own = "http://127.0.0.1:" + std::to_string(server.port());
    EXPECT_TRUE(
        open({{"Cookie", "parley_session=" + alice.token}, {"Origin", own}}).handshake().upgraded);
}

TEST_F(Security, AllowedOriginsMayConnect) {
    server_config config;
    config.allowed_origins = {"https://app.example.com"};
    test_server other(config);
    auto carol = other.signup("carol");
    ws_client ok(other.port(), {{"Authorization", "Bearer " + carol.token},
                                {"Origin", "https://app.example.com"}});
    EXPECT_TRUE(ok.handshake().upgraded);
}

TEST_F(Security, HandshakesThatBreakRfc6455AreAnsweredNotDropped) {
    const std::vector<std::pair<std::string, std::string>> upgrade{
        {"Connection", "Upgrade"},
        {"Upgrade", "websocket"},
        {"Authorization", "Bearer " + alice.token}};
    auto with = [&](std::vector<std::pair<std::string, std::string>> extra) {
        auto headers = upgrade;
        headers.insert(headers.end(), extra.begin(), extra.end());
        return http_with_headers(server.port(), "GET", "/ws", headers);
    };
    const std::pair<std::string, std::string> v13{"Sec-WebSocket-Version", "13"};
    for (const char* key : {"", "short", "dGhlIHNhbXBsZSBub25jZQ",
                            "dGhlIHNhbXBsZSBub25jZQ!=", "dGhlIHNhbXBsZSBub25jZQ==dGhl"}) {
        auto r = with({v13, {"Sec-WebSocket-Key", key}});
        EXPECT_EQ(r.status, 400) << key;
        EXPECT_EQ(r.body.at("error").at("code"), "bad_websocket_key") << key;
    }
    EXPECT_EQ(with({v13}).status, 400) << "no key at all";
    for (const char* version : {"8", "", "14"}) {
        auto r = with({{"Sec-WebSocket-Version", version},
                       {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}});
        EXPECT_EQ(r.status, 426) << version;
        EXPECT_EQ(r.headers["sec-websocket-version"], "13") << version;
    }
}

TEST_F(Security, ACompressionOfferIsDeclinedAndTheUpgradeGoesOn) {
    auto r = http_with_headers(
        server.port(), "GET", "/ws",
        {{"Connection", "Upgrade"},
         {"Upgrade", "websocket"},
         {"Authorization", "Bearer " + alice.token},
         {"Sec-WebSocket-Version", "13"},
         {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
         {"Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"}});
    EXPECT_EQ(r.status, 101);
    EXPECT_EQ(r.headers.count("sec-websocket-extensions"), 0u) << "no extension is negotiated";
}

TEST_F(Security, UpgradeElsewhereThanWsIs404) {
    EXPECT_EQ(open({{"Authorization", "Bearer " + alice.token}}, "/chat").handshake().status, 404);
}

TEST_F(Security, PrivateRoomLooksMissingToNonMembers) {
    auto secret = server.create_group(alice, "secret", true);
    auto a = server.connect(alice);
    a->send_json(text_msg(secret, "classified"));  // not joined yet either
    EXPECT_EQ(error_code(a->next()), "not_joined");
    join(*a, secret);
    a->send_json(text_msg(secret, "classified"));
    ASSERT_TRUE(a->next_of("message"));

    auto b = server.connect(bob);
    b->send_json(join_msg(secret));
    EXPECT_EQ(error_code(b->next()), "room_not_found") << "a private room must look missing";
    b->send_json(join_msg(987654));
    EXPECT_EQ(error_code(b->next()), "room_not_found");
    b->send_json({{"type", "list"}, {"roomId", secret}});
    EXPECT_EQ(error_code(b->next()), "not_joined");
    b->send_json(text_msg(secret, "let me in"));
    EXPECT_EQ(error_code(b->next()), "not_joined");
    EXPECT_FALSE(a->next_of("member_joined", 200ms));
    EXPECT_EQ(recent(server.log(), secret, 10).size(), 1u);
}

TEST_F(Security, JoiningAPublicRoomMakesYouAMember) {
    auto town = server.create_group(alice, "town");
    auto b = server.connect(bob);
    join(*b, town);
    EXPECT_TRUE(server.db().rooms().member_role(town, bob.id)->has_value());
}

TEST_F(Security, ImpersonationIsRefused) {
    auto room = server.create_group(alice, "room");
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    join(*b, room);
    a->send_json({{"type", "join"}, {"roomId", room}, {"username", "bob"}});
    EXPECT_EQ(error_code(a->next()), "forbidden");
    join(*a, room);
    a->send_json({{"type", "message"}, {"roomId", room}, {"text", "I am bob"}, {"sender", "bob"}});
    EXPECT_EQ(error_code(a->next_of("error")), "forbidden");
    EXPECT_FALSE(b->next_of("message", 200ms));

    // Naming yourself, as the design's client does, is fine; the sender is always the session.
    a->send_json({{"type", "message"}, {"roomId", room}, {"text", "hi"}, {"sender", "alice"}});
    auto m = b->next_of("message");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->at("message").at("sender").as_string(), "alice");
    EXPECT_EQ(m->at("message").at("senderId").as_int64(), alice.id);
}

/// alice signed in twice (here, and on her phone), with a socket open on each.
class TwoDevices : public ::testing::Test {
  protected:
    void SetUp() override {
        alice = server.signup("alice");
        auto login = http_call(server.port(), "POST", "/auth/login",
                               {{"username", "alice"}, {"password", "password123"}});
        ASSERT_EQ(login.status, 200);
        phone = {alice.id, "alice", std::string(login.body.at("token").as_string())};
        here = server.connect(alice);
        there = server.connect(phone);
        ASSERT_TRUE(here->handshake().upgraded);
        ASSERT_TRUE(there->handshake().upgraded);
    }
    test_server server;
    account alice, phone;
    std::unique_ptr<ws_client> here, there;
};

TEST_F(TwoDevices, SigningOutClosesThatSessionsSocketsAndNoOthers) {
    ASSERT_EQ(http_call(server.port(), "POST", "/auth/logout", {}, alice.token).status, 200);
    EXPECT_EQ(here->wait_closed(), 4001) << "the signed-out session's socket stayed open";
    EXPECT_FALSE(there->wait_closed(300ms)) << "another session's socket was closed";
    EXPECT_EQ(server.connect(alice)->handshake().status, 401);
}

TEST(SessionExpiry, ClosesTheSessionsSocketsWhenItEnds) {
    auto config = test_server::test_config();
    config.session_ttl = std::chrono::seconds(1);
    test_server server(config);
    auto alice = server.signup("alice");
    auto socket = server.connect(alice);
    ASSERT_TRUE(socket->handshake().upgraded);
    EXPECT_EQ(socket->wait_closed(5s), 4001) << "a socket outlived its session";
    EXPECT_EQ(server.connect(alice)->handshake().status, 401);
}

TEST_F(TwoDevices, SigningOutEverywhereEndsEverySessionAndClosesEverySocket) {
    auto r = http_call(server.port(), "POST", "/auth/logout-all", nullptr, alice.token);
    ASSERT_EQ(r.status, 200) << r.raw_body;
    EXPECT_EQ(r.body.at("ended").as_int64(), 2);
    EXPECT_NE(r.set_cookie.find("Max-Age=0"), std::string::npos) << r.set_cookie;
    EXPECT_EQ(here->wait_closed(), 4001) << "this session's socket stayed open";
    EXPECT_EQ(there->wait_closed(), 4001) << "the other device's socket stayed open";
    for (const auto* token : {&alice.token, &phone.token})
        EXPECT_EQ(http_call(server.port(), "GET", "/profile", nullptr, *token).status, 401);
    EXPECT_EQ(http_call(server.port(), "POST", "/auth/logout-all", nullptr, alice.token).status,
              401);
}

TEST_F(TwoDevices, ChangingThePasswordEndsEveryOtherSessionAndKeepsThisOne) {
    auto wrong = http_call(server.port(), "POST", "/auth/password",
                           {{"currentPassword", "not-it-at-all"}, {"newPassword", "n3w-password"}},
                           alice.token);
    EXPECT_EQ(wrong.status, 403);
    EXPECT_EQ(wrong.body.at("error").at("code"), "wrong_password");
    auto weak =
        http_call(server.port(), "POST", "/auth/password",
                  {{"currentPassword", "password123"}, {"newPassword", "short"}}, alice.token);
    EXPECT_EQ(weak.status, 400);
    EXPECT_FALSE(there->wait_closed(100ms)) << "a refused change ends nothing";

    auto ok = http_call(server.port(), "POST", "/auth/password",
                        {{"currentPassword", "password123"}, {"newPassword", "n3w-password"}},
                        alice.token);
    ASSERT_EQ(ok.status, 200) << ok.raw_body;
    EXPECT_EQ(there->wait_closed(), 4001) << "the other device's socket stayed open";
    EXPECT_FALSE(here->wait_closed(300ms)) << "the session that changed it stays";
    EXPECT_EQ(http_call(server.port(), "GET", "/profile", nullptr, phone.token).status, 401);
    EXPECT_EQ(http_call(server.port(), "GET", "/profile", nullptr, alice.token).status, 200);
    EXPECT_EQ(http_call(server.port(), "POST", "/auth/login",
                        {{"username", "alice"}, {"password", "password123"}})
                  .status,
              401);
    EXPECT_EQ(http_call(server.port(), "POST", "/auth/login",
                        {{"username", "alice"}, {"password", "n3w-password"}})
                  .status,
              200);
}

TEST_F(TwoDevices, DeletingTheAccountClosesEverySocketAndFreesTheName) {
    server.create_group(alice, "kept history");
    auto wrong = http_call(server.port(), "DELETE", "/profile", {{"password", "not-it-at-all"}},
                           alice.token);
    EXPECT_EQ(wrong.status, 403);
    EXPECT_EQ(wrong.body.at("error").at("code"), "wrong_password");
    EXPECT_FALSE(here->wait_closed(100ms)) << "a refused deletion ends nothing";

    auto done =
        http_call(server.port(), "DELETE", "/profile", {{"password", "password123"}}, alice.token);
    ASSERT_EQ(done.status, 200) << done.raw_body;
    EXPECT_EQ(done.body.at("deleted"), alice.id);
    EXPECT_EQ(here->wait_closed(), 4001) << "this session's socket stayed open";
    EXPECT_EQ(there->wait_closed(), 4001) << "the other device's socket stayed open";
    EXPECT_EQ(http_call(server.port(), "GET", "/profile", nullptr, phone.token).status, 401);
    EXPECT_EQ(http_call(server.port(), "POST", "/auth/login",
                        {{"username", "alice"}, {"password", "password123"}})
                  .status,
              401);
    auto again = http_call(server.port(), "POST", "/auth/register",
                           {{"username", "alice"}, {"password", "password456"}});
    EXPECT_EQ(again.status, 201) << "the name stays taken: " << again.raw_body;
}

TEST(DisabledAccounts, CannotSignInAndTheirSocketsCloseWithinTheSessionCheck) {
    auto config = test_server::test_config();
    config.session_check_interval = std::chrono::milliseconds(100);
    test_server server(config);
    auto bob = server.signup("bob");
    auto socket = server.connect(bob);
    ASSERT_TRUE(socket->handshake().upgraded);
    EXPECT_FALSE(socket->wait_closed(300ms)) << "a live session was closed";

    // As `parley admin disable` does from another process: no bus event reaches the server.
    auto ended = server.db().accounts().set_disabled(bob.id, true, 1);
    ASSERT_FALSE(ended.has_error());
    EXPECT_EQ(ended->size(), 1u);
    EXPECT_EQ(socket->wait_closed(5s), 4001) << "the disabled user's socket stayed open";
    auto login = http_call(server.port(), "POST", "/auth/login",
                           {{"username", "bob"}, {"password", "password123"}});
    EXPECT_EQ(login.status, 403);
    EXPECT_EQ(login.body.at("error").at("code"), "account_disabled");
    auto wrong = http_call(server.port(), "POST", "/auth/login",
                           {{"username", "bob"}, {"password", "password999"}});
    EXPECT_EQ(wrong.status, 401) << "only who knows the password learns the account is disabled";

    ASSERT_FALSE(server.db().accounts().set_disabled(bob.id, false, 2).has_error());
    EXPECT_EQ(http_call(server.port(), "POST", "/auth/login",
                        {{"username", "bob"}, {"password", "password123"}})
                  .status,
              200);
}

}  // namespace
}  // namespace parley::testing

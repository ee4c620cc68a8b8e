#include <gtest/gtest.h>

#include <boost/asio/write.hpp>
#include <fstream>

#include "support/test_server.hpp"

namespace parley::testing {
namespace {

namespace json = boost::json;

class Rest : public ::testing::Test {
  protected:
    test_server server;
    unsigned short port() { return server.port(); }
};

TEST_F(Rest, RegisterReturnsUserTokenAndSessionCookie) {
    auto r =
        http_call(port(), "POST", "/auth/register",
                  {{"username", "alice"}, {"password", "password123"}, {"email", "a@example.com"}});
    ASSERT_EQ(r.status, 201) << r.raw_body;
    EXPECT_EQ(r.body.at("user").at("username").as_string(), "alice");
    EXPECT_EQ(r.body.at("user").at("email").as_string(), "a@example.com");
    EXPECT_FALSE(r.body.at("user").as_object().contains("password_hash"));
    const std::string token(r.body.at("token").as_string());
    EXPECT_NE(r.set_cookie.find("parley_session=" + token), std::string::npos);
    EXPECT_NE(r.set_cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(r.set_cookie.find("SameSite=Lax"), std::string::npos);
}

TEST_F(Rest, RegisterRejectsBadInputWithJsonErrors) {
    auto bad_name = http_call(port(), "POST", "/auth/register",
                              {{"username", "a"}, {"password", "password123"}});
    EXPECT_EQ(bad_name.status, 400);
    EXPECT_EQ(bad_name.body.at("error").at("code").as_string(), "invalid_username");
    auto short_pw =
        http_call(port(), "POST", "/auth/register", {{"username", "alice"}, {"password", "short"}});
    EXPECT_EQ(short_pw.body.at("error").at("code").as_string(), "invalid_password");
    auto missing = http_call(port(), "POST", "/auth/register", {{"username", "alice"}});
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(missing.body.at("error").at("code").as_string(), "invalid_field");
    auto wrong_type =
        http_call(port(), "POST", "/auth/register", {{"username", 5}, {"password", "password123"}});
    EXPECT_EQ(wrong_type.status, 400);
}

TEST_F(Rest, MalformedBodiesAre400NotCrashes) {
    for (const char* body : {"", "not json", "[1]", "{\"username\":", "\"str\""}) {
        auto r = http_raw(port(), "POST", "/auth/register", body);
        EXPECT_EQ(r.status, 400) << body;
        EXPECT_EQ(r.body.at("error").at("code").as_string(), "invalid_body") << body;
    }
}

TEST_F(Rest, StateChangingRequestsTakeOnlyJsonBodies) {
    const std::string body = R"({"username":"alice","password":"password123"})";
    for (const char* type : {"text/plain", "application/x-www-form-urlencoded",
                             "multipart/form-data; boundary=x", ""}) {
        auto r = http_raw(port(), "POST", "/auth/register", body, "", type);
        EXPECT_EQ(r.status, 415) << type;
        EXPECT_EQ(r.body.at("error").at("code").as_string(), "unsupported_media_type") << type;
    }
    EXPECT_EQ(
        http_raw(port(), "POST", "/auth/register", body, "", "Application/JSON; charset=utf-8")
            .status,
        201);
    // Without a body no type is needed (DELETE, logout).
    const auto me = server.signup("bob");
    EXPECT_EQ(http_raw(port(), "POST", "/auth/logout", "", me.token, "").status, 200);
}

TEST_F(Rest, StateChangingRequestsFromAnotherSiteAreRefused) {
    const auto me = server.signup("alice");
    auto evil = http_call(port(), "POST", "/groups", {{"name", "csrf"}}, me.token, "Origin",
                          "https://evil.example");
    EXPECT_EQ(evil.status, 403);
    EXPECT_EQ(evil.body.at("error").at("code").as_string(), "forbidden_origin");
    auto own = http_call(port(), "POST", "/groups", {{"name", "mine"}}, me.token, "Origin",
                         "http://127.0.0.1:" + std::to_string(port()));
    EXPECT_EQ(own.status, 201) << own.raw_body;
    // Reads are not refused: they change nothing, and CORS keeps their answers from the page.
    EXPECT_EQ(
        http_call(port(), "GET", "/groups", nullptr, me.token, "Origin", "https://evil.example")
            .status,
        200);
}

TEST_F(Rest, ATokenInTheQueryIsOnlyForTheWebSocket) {
    const auto me = server.signup("alice");
    EXPECT_EQ(http_call(port(), "GET", "/profile?token=" + me.token).status, 401);
    EXPECT_EQ(http_call(port(), "GET", "/profile", nullptr, me.token).status, 200);
}

TEST_F(Rest, DuplicateUsernameIs409) {
    server.signup("alice");
    auto r = http_call(port(), "POST", "/auth/register",
                       {{"username", "Alice"}, {"password", "password123"}});
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(r.body.at("error").at("code").as_string(), "username_taken");
}

TEST_F(Rest, LoginAndProfile) {
    server.signup("alice");
    auto login = http_call(port(), "POST", "/auth/login",
                           {{"username", "alice"}, {"password", "password123"}});
    ASSERT_EQ(login.status, 200);
    const std::string token(login.body.at("token").as_string());
    auto me = http_call(port(), "GET", "/profile", nullptr, token);
    ASSERT_EQ(me.status, 200);
    EXPECT_EQ(me.body.at("username").as_string(), "alice");
}

TEST_F(Rest, ProfileAcceptsTheSessionCookie) {
    auto alice = server.signup("alice");
    auto me = http_call(port(), "GET", "/profile", nullptr, "", "Cookie",
                        "theme=dark; parley_session=" + alice.token);
    ASSERT_EQ(me.status, 200);
    EXPECT_EQ(me.body.at("username").as_string(), "alice");
}

TEST_F(Rest, FailedLoginLooksTheSameForUnknownUsers) {
    server.signup("alice");
    auto wrong = http_call(port(), "POST", "/auth/login",
                           {{"username", "alice"}, {"password", "wrong-password"}});
    auto unknown = http_call(port(), "POST", "/auth/login",
                             {{"username", "nobody"}, {"password", "wrong-password"}});
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(wrong.raw_body, unknown.raw_body);
}

TEST_F(Rest, LogoutEndsTheSessionAndClearsTheCookie) {
    auto alice = server.signup("alice");
    auto out = http_call(port(), "POST", "/auth/logout", nullptr, alice.token);
    EXPECT_EQ(out.status, 200);
    EXPECT_NE(out.set_cookie.find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(http_call(port(), "GET", "/profile", nullptr, alice.token).status, 401);
}

TEST_F(Rest, ProtectedRoutesNeedASession) {
    for (auto [method, target] :
         {std::pair{"GET", "/profile"}, {"GET", "/groups"}, {"POST", "/groups"}}) {
        auto r = http_call(port(), method, target, {{"name", "x"}}, "bogus-token");
        EXPECT_EQ(r.status, 401) << target;
        EXPECT_EQ(r.body.at("error").at("code").as_string(), "unauthorized");
    }
}

TEST_F(Rest, GroupsListPublicAndOwnPrivateOnes) {
    auto alice = server.signup("alice");
    auto bob = server.signup("bob");
    auto pub = server.create_group(alice, "town square");
    auto priv = server.create_group(alice, "secret", true);
    auto mine = http_call(port(), "GET", "/groups", nullptr, alice.token);
    ASSERT_EQ(mine.body.at("groups").as_array().size(), 2u);
    auto theirs = http_call(port(), "GET", "/groups", nullptr, bob.token);
    const auto& list = theirs.body.at("groups").as_array();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].at("id").as_int64(), pub);
    EXPECT_NE(list[0].at("id").as_int64(), priv);
}

TEST_F(Rest, CreateGroupValidatesItsFields) {
    auto alice = server.signup("alice");
    auto r = http_call(port(), "POST", "/groups", {{"name", "  Team  "}, {"private", true}},
                       alice.token);
    ASSERT_EQ(r.status, 201);
    EXPECT_EQ(r.body.at("name").as_string(), "Team");
    EXPECT_EQ(r.body.at("private").as_bool(), true);
    EXPECT_EQ(r.body.at("kind").as_string(), "group");
    EXPECT_EQ(http_call(port(), "POST", "/groups", {{"name", ""}}, alice.token).status, 400);
    EXPECT_EQ(
        http_call(port(), "POST", "/groups", {{"name", std::string(65, 'x')}}, alice.token).status,
        400);
    EXPECT_EQ(http_call(port(), "POST", "/groups", {{"name", "x"}, {"private", "yes"}}, alice.token)
                  .status,
              400);
}

TEST_F(Rest, UnknownRoutesAndMethodsAreJsonErrors) {
    auto missing = http_call(port(), "GET", "/groups/nope/nothing");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.body.at("error").at("code").as_string(), "not_found");
    auto method = http_call(port(), "DELETE", "/auth/login");
    EXPECT_EQ(method.status, 405);
    EXPECT_EQ(method.body.at("error").at("code").as_string(), "method_not_allowed");
}

TEST_F(Rest, HealthAndReadinessNeedNoSession) {
    auto health = http_call(port(), "GET", "/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.body.at("status").as_string(), "ok");
    auto ready = http_call(port(), "GET", "/readyz");
    ASSERT_EQ(ready.status, 200) << ready.raw_body;
    EXPECT_EQ(ready.body.at("status").as_string(), "ready");
    EXPECT_EQ(ready.body.at("checks").at("database").as_string(), "ok");
    EXPECT_EQ(ready.body.at("checks").at("redis").as_string(), "not used");
}

TEST_F(Rest, WithoutAWebClientPagesSaySo) {
    auto r = http_call(port(), "GET", "/");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body.at("error").at("code").as_string(), "no_web_client");
}

TEST_F(Rest, OversizedBodyIs413) {
    auto r = http_raw(port(), "POST", "/auth/register", std::string(70 * 1024, 'x'));
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.body.at("error").at("code").as_string(), "body_too_large");
}

/// A server whose web root `web` holds an index.html titled "Parley".
server_config serving_web_root(const temp_dir& web) {
    std::ofstream(web.file("index.html")) << "<!doctype html><title>Parley</title>";
    server_config config;
    config.web_root = web.path().string();
    return config;
}

TEST(RestStatic, ServesFilesAndFallsBackToIndex) {
    temp_dir web;
    std::filesystem::create_directories(web.path() / "assets");
    std::ofstream(web.file("assets/app.js")) << "console.log(1)";
    test_server server(serving_web_root(web));

    auto index = http_call(server.port(), "GET", "/");
    EXPECT_EQ(index.status, 200);
    EXPECT_NE(index.raw_body.find("Parley"), std::string::npos);
    EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
    auto js = http_call(server.port(), "GET", "/assets/app.js");
    EXPECT_EQ(js.raw_body, "console.log(1)");
    EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
    auto deep = http_call(server.port(), "GET", "/groupchat?roomId=1");
    EXPECT_NE(deep.raw_body.find("Parley"), std::string::npos);
    auto escape = http_call(server.port(), "GET", "/../../etc/passwd");
    EXPECT_EQ(escape.raw_body.find("root:"), std::string::npos);
    auto encoded = http_call(server.port(), "GET", "/%2e%2e/%2e%2e/etc/passwd");
    EXPECT_EQ(encoded.raw_body.find("root:"), std::string::npos);
    auto api = http_call(server.port(), "GET", "/groups/1/whatever");
    EXPECT_EQ(api.status, 404);
    EXPECT_EQ(api.body.at("error").at("code").as_string(), "not_found");
}

TEST(RestStatic, PagesAndAssetsCarrySecurityHeaders) {
    temp_dir web;
    std::filesystem::create_directories(web.path() / "assets");
    std::ofstream(web.file("assets/app.js")) << "console.log(1)";
    test_server server(serving_web_root(web));
    for (const char* path : {"/", "/assets/app.js", "/groupchat"}) {
        auto r = http_call(server.port(), "GET", path);
        ASSERT_EQ(r.status, 200) << path;
        const auto csp = r.headers["content-security-policy"];
        for (const char* part : {"script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                                 "default-src 'self'"})
            EXPECT_NE(csp.find(part), std::string::npos) << path << ": " << part;
        EXPECT_EQ(r.headers["x-content-type-options"], "nosniff") << path;
        EXPECT_EQ(r.headers["referrer-policy"], "no-referrer") << path;
        EXPECT_EQ(r.headers["x-frame-options"], "DENY") << path;
    }
    EXPECT_EQ(http_call(server.port(), "GET", "/profile").headers["x-content-type-options"],
              "nosniff")
        << "API answers are not sniffed either";
}

TEST(RestStatic, OddBytesInAPathAre400NeverAnotherType) {
    temp_dir web;
    std::filesystem::create_directories(web.path() / "assets");
    std::ofstream(web.file("assets/app.js")) << "console.log(1)";
    test_server server(serving_web_root(web));
    for (const char* path :
         {"/assets/app.js%00.html", "/assets/app.js%00", "/%01", "/assets%5Capp.js", "/a%7Fb"}) {
        auto r = http_call(server.port(), "GET", path);
        EXPECT_EQ(r.status, 400) << path;
        EXPECT_EQ(r.content_type, "application/json") << path;
    }
}

TEST(RestStatic, PrecompressedCopiesGoToBrowsersThatTakeThem) {
    temp_dir web;
    std::filesystem::create_directories(web.path() / "assets");
    std::ofstream(web.file("assets/app.js")) << "plain";
    std::ofstream(web.file("assets/app.js.br")) << "brotli";
    std::ofstream(web.file("assets/app.js.gz")) << "gzip";
    test_server server(serving_web_root(web));
    auto get = [&](const std::string& accept) {
        return http_call(server.port(), "GET", "/assets/app.js", nullptr, "", "Accept-Encoding",
                         accept);
    };
    auto br = get("gzip, deflate, br");
    EXPECT_EQ(br.raw_body, "brotli");
    EXPECT_EQ(br.headers["content-encoding"], "br");
    EXPECT_EQ(br.content_type, "text/javascript; charset=utf-8")
        << "the type of what it unpacks to";
    EXPECT_EQ(br.headers["vary"], "Accept-Encoding");
    auto gz = get("gzip;q=0.8, br;q=0");
    EXPECT_EQ(gz.raw_body, "gzip");
    EXPECT_EQ(gz.headers["content-encoding"], "gzip");
    auto plain = get("identity");
    EXPECT_EQ(plain.raw_body, "plain");
    EXPECT_EQ(plain.headers.count("content-encoding"), 0u);
    EXPECT_EQ(plain.headers["vary"], "Accept-Encoding");
    EXPECT_EQ(get("").raw_body, "plain");
}

TEST(RestStatic, AMissingAssetIs404NotTheApp) {
    temp_dir web;
    test_server server(serving_web_root(web));

    auto old_bundle = http_call(server.port(), "GET", "/assets/index-0ld.js");
    EXPECT_EQ(old_bundle.status, 404);
    EXPECT_EQ(old_bundle.body.at("error").at("code").as_string(), "not_found");
    auto dotted_route = http_call(server.port(), "GET", "/dm/bob.smith");
    EXPECT_EQ(dotted_route.status, 200);
    EXPECT_NE(dotted_route.raw_body.find("Parley"), std::string::npos);
}

}  // namespace
}  // namespace parley::testing

namespace parley::testing {
namespace {

/// Sends raw bytes and returns everything the server answers before closing.
std::string raw_exchange(unsigned short port, const std::string& bytes) {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket s(ioc);
    s.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    boost::asio::write(s, boost::asio::buffer(bytes));
    std::string out;
    boost::system::error_code ec;
    char buf[4096];
    for (;;) {
        const auto n = s.read_some(boost::asio::buffer(buf), ec);
        if (ec) break;
        out.append(buf, n);
    }
    return out;
}

TEST(RestMalformed, GarbageRequestGets400Json) {
    test_server server;
    const auto answer = raw_exchange(server.port(), "THIS IS NOT HTTP\r\n\r\n");
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << answer;
    EXPECT_NE(answer.find("\"bad_request\""), std::string::npos) << answer;
    // The server is still fine afterwards.
    EXPECT_EQ(http_call(server.port(), "GET", "/profile").status, 401);
}

TEST(RestMalformed, ARequestWithNoHostOrTwoIsRefusedAndTheConnectionClosed) {
    test_server server;
    const auto host = "Host: 127.0.0.1:" + std::to_string(server.port()) + "\r\n";
    const auto ask = [&](const std::string& headers) {
        return raw_exchange(server.port(), "GET /healthz HTTP/1.1\r\n" + headers + "\r\n" +
                                               "GET /healthz HTTP/1.1\r\n" + host +
                                               "Connection: close\r\n\r\n");
    };
    for (const std::string& headers :
         {std::string(), host + host, host + "Host: evil.example\r\n", std::string("Host: \r\n"),
          std::string("Host: user@127.0.0.1\r\n")}) {
        const auto answer = ask(headers);
        EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << headers << answer;
        EXPECT_NE(answer.find("\"bad_request\""), std::string::npos) << answer;
        EXPECT_EQ(answer.find("HTTP/1.1 200"), std::string::npos)
            << "the request behind it is not served: " << answer;
    }
    EXPECT_TRUE(ask(host).starts_with("HTTP/1.1 200"));
}

TEST(RestMalformed, AHeaderReadOnceMayNotComeTwice) {
    test_server server;
    const auto host = "Host: 127.0.0.1:" + std::to_string(server.port()) + "\r\n";
    // Two Origins: one the server's own, one another site's; which one a proxy checked is unknown.
    const auto upgrade = raw_exchange(
        server.port(), "GET /ws HTTP/1.1\r\n" + host +
                           "Origin: http://127.0.0.1:" + std::to_string(server.port()) +
                           "\r\nOrigin: https://evil.example\r\nConnection: Upgrade\r\n"
                           "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    EXPECT_TRUE(upgrade.starts_with("HTTP/1.1 400")) << upgrade;
    const auto cookies = raw_exchange(
        server.port(), "GET /profile HTTP/1.1\r\n" + host +
                           "Cookie: parley_session=a\r\nCookie: parley_session=b\r\n\r\n");
    EXPECT_TRUE(cookies.starts_with("HTTP/1.1 400")) << cookies;
}

TEST(RestMalformed, AQueryParameterOrJsonKeyGivenTwiceIs400) {
    test_server server;
    const auto me = server.signup("alice");
    auto twice = http_call(server.port(), "GET", "/search?q=a&q=b", nullptr, me.token);
    EXPECT_EQ(twice.status, 400);
    EXPECT_EQ(twice.body.at("error").at("code").as_string(), "bad_request");
    auto key =
        http_raw(server.port(), "POST", "/groups", R"({"name":"one","name":"two"})", me.token);
    EXPECT_EQ(key.status, 400);
    EXPECT_EQ(key.body.at("error").at("code").as_string(), "invalid_body");
    EXPECT_EQ(http_call(server.port(), "GET", "/groups", nullptr, me.token)
                  .body.at("groups")
                  .as_array()
                  .size(),
              0u)
        << "nothing was created";
}

}  // namespace
}  // namespace parley::testing

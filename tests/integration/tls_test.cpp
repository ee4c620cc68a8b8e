// HTTPS and WSS on the server's one port (--tls-cert, --tls-key), with a client that verifies the
// certificate the way a browser does.
#include "net/tls.hpp"

#include <boost/asio/ssl.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "integration/helpers.hpp"

namespace parley::testing {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

const std::string tls_dir = std::string(PARLEY_SOURCE_DIR) + "/tests/tls/";

server_config tls_config() {
    auto c = test_server::test_config();
    c.tls_cert = tls_dir + "localhost.crt";
    c.tls_key = tls_dir + "localhost.key";
    return c;
}

/// A TLS connection to 127.0.0.1:port that trusts only the test certificate and checks it names
/// "localhost". Every operation gives up after 5 s.
class tls_connection {
  public:
    explicit tls_connection(unsigned short port)
        : host_("localhost:" + std::to_string(port)), ssl_(ssl::context::tls_client) {
        ssl_.load_verify_file(tls_dir + "localhost.crt");
        ssl_.set_verify_mode(ssl::verify_peer);
        ws_.emplace(ioc_, ssl_);
        auto& tls = ws_->next_layer();
        tls.set_verify_callback(ssl::host_name_verification("localhost"));
        SSL_set_tlsext_host_name(tls.native_handle(), "localhost");
        beast::get_lowest_layer(*ws_).connect(
            asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        beast::error_code ec;
        tls.handshake(ssl::stream_base::client, ec);
        handshake_error = ec;
    }

    /// One HTTP request on this connection; the response, or status 0 on failure.
    http::response<http::string_body> request(http::verb method, const std::string& target,
                                              const json::value& body = nullptr,
                                              const std::string& token = "") {
        http::request<http::string_body> req{method, target, 11};
        req.set(http::field::host, "localhost");
        if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
        if (!body.is_null()) {
            req.set(http::field::content_type, "application/json");
            req.body() = json::serialize(body);
        }
        req.prepare_payload();
        http::response<http::string_body> res;
        beast::error_code ec;
        http::write(ws_->next_layer(), req, ec);
        if (!ec) http::read(ws_->next_layer(), buffer_, res, ec);
        if (ec) res.result(0);
        return res;
    }

    /// Upgrades this connection to a WebSocket signed in as `token`, from a page of the server
    /// itself as a browser would (Origin https://localhost:port); true if it was.
    bool upgrade(const std::string& token) {
        ws_->set_option(
            websocket::stream_base::decorator([token, this](websocket::request_type& req) {
                req.set(http::field::authorization, "Bearer " + token);
                req.set(http::field::origin, "https://" + host_);
            }));
        beast::error_code ec;
        ws_->handshake(host_, "/ws", ec);
        return !ec;
    }

    void send(const json::value& v) { ws_->write(asio::buffer(json::serialize(v))); }

    /// The next WebSocket message, or nullopt after 5 s or once closed.
    std::optional<json::value> next() {
        std::optional<json::value> out;
        beast::get_lowest_layer(*ws_).expires_after(5s);
        ws_->async_read(buffer_, [&](beast::error_code ec, std::size_t) {
            if (!ec) out = json::parse(beast::buffers_to_string(buffer_.cdata()));
            buffer_.clear();
        });
        ioc_.restart();
        ioc_.run();
        return out;
    }

    /// Skips messages until one of `type`.
    std::optional<json::value> next_of(const std::string& type) {
        for (auto v = next(); v; v = next())
            if (v->at("type").as_string() == type) return v;
        return std::nullopt;
    }

    /// The close code the server sent, once a read ends.
    int close_code() const { return static_cast<int>(ws_->reason().code); }

    beast::error_code handshake_error;

  private:
    const std::string host_;
    asio::io_context ioc_;
    ssl::context ssl_;
    std::optional<websocket::stream<net::tls_stream>> ws_;
    beast::flat_buffer buffer_;
};

/// Signs up `name` over HTTPS and returns the token; the cookie must be Secure.
std::string signup(unsigned short port, const std::string& name) {
    tls_connection c(port);
    auto res = c.request(http::verb::post, "/auth/register",
                         {{"username", name}, {"password", "password123"}});
    EXPECT_EQ(res.result_int(), 201u) << res.body();
    EXPECT_NE(std::string(res[http::field::set_cookie]).find("; Secure"), std::string::npos);
    return std::string(json::parse(res.body()).at("token").as_string());
}

class Tls : public ::testing::Test {
  protected:
    test_server server{tls_config()};
};

TEST_F(Tls, ServesRestOverHttpsWithSecureCookies) {
    tls_connection c(server.port());
    ASSERT_FALSE(c.handshake_error) << c.handshake_error.message();
    EXPECT_EQ(c.request(http::verb::get, "/healthz").result_int(), 200u);
    // keep-alive: a second request on the same TLS connection
    EXPECT_EQ(c.request(http::verb::get, "/api/nothing-here").result_int(), 404u);
    const auto token = signup(server.port(), "alice");
    auto me = tls_connection(server.port()).request(http::verb::get, "/profile", nullptr, token);
    EXPECT_EQ(me.result_int(), 200u);
    EXPECT_EQ(json::parse(me.body()).at("username").as_string(), "alice");
}

TEST_F(Tls, WebSocketsCarryMessagesOverWss) {
    const auto alice = signup(server.port(), "alice");
    const auto bob = signup(server.port(), "bob");
    auto group = tls_connection(server.port())
                     .request(http::verb::post, "/groups", {{"name", "secure"}}, alice);
    ASSERT_EQ(group.result_int(), 201u) << group.body();
    const auto room = json::parse(group.body()).at("id").as_int64();

    tls_connection a(server.port()), b(server.port());
    ASSERT_TRUE(a.upgrade(alice));
    ASSERT_TRUE(b.upgrade(bob));
    a.send(join_msg(room));
    ASSERT_TRUE(a.next_of("joined"));
    b.send(join_msg(room));
    ASSERT_TRUE(b.next_of("joined"));

    // A burst larger than one TLS record, many frames per socket write: every one arrives, in
    // order, exactly once.
    constexpr int burst = 300;
    for (int i = 0; i < burst; ++i) a.send(text_msg(room, "secret " + std::to_string(i)));
    for (int i = 0; i < burst; ++i) {
        auto m = b.next_of("message");
        ASSERT_TRUE(m) << "message " << i << " did not arrive";
        EXPECT_EQ(m->at("message").at("text").as_string(), "secret " + std::to_string(i));
    }
}

TEST_F(Tls, PlainHttpOnTheTlsPortGetsNoAnswerAndBreaksNothing) {
    bool answered = false;
    try {
        answered = http_call(server.port(), "GET", "/healthz").status != 0;
    } catch (const std::exception&) {  // the connection ends without an HTTP answer
    }
    EXPECT_FALSE(answered);
    tls_connection c(server.port());
    EXPECT_EQ(c.request(http::verb::get, "/healthz").result_int(), 200u);
}

TEST_F(Tls, AClientThatDistrustsTheCertificateIsNotServed) {
    // A client that expects another host name refuses the handshake; the server goes on.
    asio::io_context ioc;
    ssl::context ctx(ssl::context::tls_client);
    ctx.load_verify_file(tls_dir + "localhost.crt");
    ctx.set_verify_mode(ssl::verify_peer);
    net::tls_stream stream(ioc, ctx);
    stream.set_verify_callback(ssl::host_name_verification("chat.example.com"));
    beast::get_lowest_layer(stream).connect(
        asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
    beast::error_code ec;
    stream.handshake(ssl::stream_base::client, ec);
    EXPECT_TRUE(ec);
    EXPECT_EQ(tls_connection(server.port()).request(http::verb::get, "/healthz").result_int(),
              200u);
}

TEST_F(Tls, ShutdownClosesWssWithGoingAway) {
    const auto alice = signup(server.port(), "alice");
    tls_connection a(server.port());
    ASSERT_TRUE(a.upgrade(alice));
    std::thread stopper([&] { server.stop(); });
    EXPECT_FALSE(a.next());
    stopper.join();
    EXPECT_EQ(a.close_code(), 1001);
}

TEST(TlsSettings, UnusableCertificateOrKeyStopsStartupWithTheReason) {
    auto mismatched = tls_config();
    mismatched.tls_key = tls_dir + "other.key";
    try {
        test_server s(mismatched);
        ADD_FAILURE() << "a key of another certificate was accepted";
    } catch (const std::runtime_error& e) {
        const std::string why = e.what();
        EXPECT_NE(why.find("cannot use --tls-key"), std::string::npos) << why;
        EXPECT_NE(why.find("mismatch"), std::string::npos) << why;
    }
    auto missing = tls_config();
    missing.tls_cert = tls_dir + "missing.crt";
    try {
        test_server s(missing);
        ADD_FAILURE() << "a missing certificate was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot use --tls-cert"), std::string::npos)
            << e.what();
    }
    auto half = tls_config();
    half.tls_key.clear();
    EXPECT_THROW(test_server{half}, std::runtime_error);
}

}  // namespace
}  // namespace parley::testing

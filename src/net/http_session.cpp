#include "net/http_session.hpp"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/url/parse.hpp>
#include <cctype>

#include "api/json_http.hpp"
#include "api/origin_policy.hpp"
#include "api/request_rules.hpp"
#include "auth/tokens.hpp"
#include "net/fail.hpp"
#include "net/websocket_session.hpp"

namespace parley::net {

namespace {

/// 503 `busy` with `Retry-After: 1`: the work was refused before anything was done.
http::response<http::string_body> busy_response(const api::request& req, std::string message) {
    auto res = api::error_response(req, {"busy", std::move(message), 503});
    res.set(http::field::retry_after, "1");
    return res;
}

std::variant<beast::tcp_stream, tls_stream> make_stream(boost::asio::ip::tcp::socket&& socket,
                                                        boost::asio::ssl::context* tls) {
    if (!tls) return beast::tcp_stream(std::move(socket));
    return tls_stream(beast::tcp_stream(std::move(socket)), *tls);
}

}  // namespace

http_session::http_session(boost::asio::ip::tcp::socket&& socket, server_context& ctx,
                           unsigned home, connection_caps::slot counted)
    : stream_(make_stream(std::move(socket), ctx.tls)),
      ctx_(ctx),
      home_(home),
      counted_(std::move(counted)) {}

beast::tcp_stream& http_session::tcp() {
    return std::visit([](auto& s) -> beast::tcp_stream& { return beast::get_lowest_layer(s); },
                      stream_);
}

namespace {

/// A Sec-WebSocket-Key as RFC 6455 4.1 has clients make it: 16 random bytes in base64, which is
/// 22 characters of the alphabet and "==".
bool valid_websocket_key(std::string_view key) {
    if (key.size() != 24 || !key.ends_with("==")) return false;
    return std::all_of(key.begin(), key.end() - 2, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/';
    });
}

}  // namespace

void http_session::run() {
    boost::asio::dispatch(tcp().get_executor(), [self = shared_from_this()] {
        auto* secure = std::get_if<tls_stream>(&self->stream_);
        if (!secure) return self->do_read();
        self->tcp().expires_after(limits::tls_handshake_timeout);
        secure->async_handshake(boost::asio::ssl::stream_base::server,
                                beast::bind_front_handler(&http_session::on_handshake, self));
    });
}

void http_session::on_handshake(beast::error_code ec) {
    if (ec) return fail(ec, "tls handshake");
    do_read();
}

void http_session::do_read() {
    parser_.emplace();
    parser_->body_limit(ctx_.config.max_body_bytes);
    parser_->header_limit(limits::http_header_bytes);
    tcp().expires_after(limits::http_request_timeout);
    std::visit(
        [this](auto& stream) {
            http::async_read(stream, buffer_, *parser_,
                             beast::bind_front_handler(&http_session::on_read, shared_from_this()));
        },
        stream_);
}

void http_session::on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return do_close();
    if (ec == http::error::body_limit) {
        request req;  // answer once, then close: the rest of the body is not read
        req.keep_alive(false);
        return write(
            api::error_response(req, {"body_too_large", "the request body is too large", 413}));
    }
    if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
        request req;  // unparseable: answer once, then close
        req.keep_alive(false);
        return write(
            api::error_response(req, {"bad_request", "the HTTP request is malformed", 400}));
    }
    if (ec) return fail(ec, "http read");

    request req = parser_->release();
    if (auto refused = api::refuse_ambiguous(req)) {
        req.keep_alive(false);  // what follows on this connection cannot be trusted either
        return write(api::error_response(req, *refused));
    }
    if (beast::websocket::is_upgrade(req)) return handle_upgrade(std::move(req));

    // Route handlers block on the database or on hashing: run them off this thread, those that
    // hash on a bounded pool of their own so that a flood of sign-ins delays nothing else.
    auto req_ptr = std::make_shared<request>(std::move(req));
    const auto client = client_of(*req_ptr);
    auto answer = [self = shared_from_this(), req_ptr, client] {
        return self->ctx_.router.handle(*req_ptr, client);
    };
    auto reply = [self = shared_from_this()](http::response<http::string_body> res) {
        boost::asio::post(self->tcp().get_executor(),
                          [self, res = std::move(res)]() mutable { self->write(std::move(res)); });
    };
    const auto cost = ctx_.router.cost_of(*req_ptr);
    if (cost == api::route_cost::instant) return write(answer());  // never behind queued work
    if (cost == api::route_cost::hashing) {
        if (!ctx_.hashing.try_post(std::move(answer), std::move(reply)))
            write(busy_response(*req_ptr, "too many sign-ins at once; try again in a moment"));
        return;
    }
    // Heavy reads take turns by session (the bearer token or cookie), else by address; the
    // interactive queue has no turns, so it needs no key.
    const bool heavy = cost == api::route_cost::heavy_read;
    auto token = heavy ? api::request_token(*req_ptr) : std::string();
    const auto kind = heavy ? throttle::work_kind::heavy : throttle::work_kind::interactive;
    if (!ctx_.blocking.try_post(kind, token.empty() ? client : token,
                                [answer, reply] { reply(answer()); }))
        write(busy_response(*req_ptr, "the server has too much work waiting; try again shortly"));
}

void http_session::handle_upgrade(request req) {
    auto url = boost::urls::parse_origin_form(req.target());
    if (!url || url->path() != "/ws")
        return write(api::error_response(req, {"not_found", "WebSockets are served at /ws", 404}));
    // RFC 6455 4.2: checked before any other work, and always answered.
    if (req[http::field::sec_websocket_version] != "13") {
        auto res = api::error_response(
            req, {"unsupported_websocket_version", "only WebSocket version 13 is supported", 426});
        res.set(http::field::sec_websocket_version, "13");
        return write(std::move(res));
    }
    if (!valid_websocket_key(req[http::field::sec_websocket_key]))
        return write(api::error_response(
            req, {"bad_websocket_key", "Sec-WebSocket-Key must be 16 bytes in base64", 400}));
    const auto origin = req[http::field::origin];
    if (!api::origin_allowed(origin, req[http::field::host], ctx_.config.allowed_origins))
        return write(
            api::error_response(req, {"forbidden_origin", "this origin may not connect", 403}));

    auto req_ptr = std::make_shared<request>(std::move(req));
    auto client = client_of(*req_ptr);
    const bool queued = ctx_.blocking.try_post(
        throttle::work_kind::interactive, client, [self = shared_from_this(), req_ptr, client] {
            const auto token = api::request_token(*req_ptr, api::token_sources::also_query);
            auto user = self->ctx_.accounts.authenticate_session(token);
            boost::asio::post(
                self->tcp().get_executor(),
                [self, req_ptr, user = std::move(user), session = auth::token_hash(token), client] {
                    if (user.has_error())
                        return self->write(api::error_response(*req_ptr, user.error()));
                    auto slot = self->ctx_.caps.open(user->account.id, client);
                    if (slot.has_error())
                        return self->write(api::error_response(*req_ptr, slot.error()));
                    beast::error_code ignored;  // a bound on kernel memory, not needed to chat
                    self->tcp().socket().set_option(
                        boost::asio::socket_base::send_buffer_size(limits::ws_socket_send_buffer),
                        ignored);
                    auto ws = std::make_shared<websocket_session>(
                        self->release_transport(), self->ctx_, self->home_, user->account, session,
                        std::move(*slot));
                    self->ctx_.connections.expire_at(ws, user->expires_at);
                    ws->run(std::move(*req_ptr));
                });
        });
    if (!queued)
        write(busy_response(*req_ptr, "the server has too much work waiting; try again shortly"));
}

transport http_session::release_transport() {
    if (auto* secure = std::get_if<tls_stream>(&stream_)) {
        tcp().expires_never();  // the WebSocket keeps time with its own pings
        return std::move(*secure);
    }
    return std::get<beast::tcp_stream>(stream_).release_socket();
}

std::string http_session::client_of(const request& req) {
    beast::error_code ec;
    const auto peer = tcp().socket().remote_endpoint(ec).address().to_string();
    return api::client_address(req, peer, ctx_.config.trust_proxy);
}

void http_session::write(http::response<http::string_body> res) {
    ctx_.metrics.http_responses.add(std::to_string(res.result_int()));
    const bool keep_alive = res.keep_alive();
    res.set(http::field::server, "parley");
    res.set("X-Content-Type-Options", "nosniff");
    tcp().expires_after(limits::http_request_timeout);
    std::visit(
        [&](auto& stream) {
            beast::async_write(
                stream, http::message_generator(std::move(res)),
                beast::bind_front_handler(&http_session::on_write, shared_from_this(), keep_alive));
        },
        stream_);
}

void http_session::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    if (ec) return fail(ec, "http write");
    if (!keep_alive) return do_close();
    do_read();
}

void http_session::do_close() {
    if (auto* secure = std::get_if<tls_stream>(&stream_)) {
        // close_notify, bounded by the timer: a peer that never answers is simply dropped.
        tcp().expires_after(limits::tls_handshake_timeout);
        return secure->async_shutdown([self = shared_from_this()](beast::error_code) {});
    }
    beast::error_code ec;
    tcp().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace parley::net

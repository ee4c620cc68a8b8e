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

http_session::~http_session() { drop_spool(); }

void http_session::do_read() {
    header_parser_.emplace();
    // Each kind of request has its own body limit, set once its header is known.
    header_parser_->body_limit(boost::none);
    header_parser_->header_limit(limits::http_header_bytes);
    tcp().expires_after(limits::http_request_timeout);
    std::visit(
        [this](auto& stream) {
            http::async_read_header(
                stream, buffer_, *header_parser_,
                beast::bind_front_handler(&http_session::on_header, shared_from_this()));
        },
        stream_);
}

bool http_session::answered_read_error(beast::error_code ec, const char* what) {
    if (!ec) return false;
    if (ec == http::error::end_of_stream) {
        do_close();
        return true;
    }
    if (ec == http::error::body_limit) {
        request req;  // answer once, then close: the rest of the body is not read
        req.keep_alive(false);
        write(api::error_response(req, {"body_too_large", "the request body is too large", 413}));
        return true;
    }
    if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
        request req;  // unparseable: answer once, then close
        req.keep_alive(false);
        write(api::error_response(req, {"bad_request", "the HTTP request is malformed", 400}));
        return true;
    }
    fail(ec, what);
    return true;
}

void http_session::on_header(beast::error_code ec, std::size_t) {
    if (answered_read_error(ec, "http read")) return;
    request head(header_parser_->get().base());
    if (api::classify_file_request(head) == api::file_request::upload)
        return start_upload(std::move(head));
    // Everything else is small: its body is read whole, within max_body_bytes.
    const auto declared = header_parser_->content_length();
    if (declared && *declared > ctx_.config.max_body_bytes) {
        answered_read_error(http::error::body_limit, "http read");
        return;
    }
    parser_.emplace(std::move(*header_parser_));
    header_parser_.reset();
    parser_->body_limit(ctx_.config.max_body_bytes);  // a chunked body, as it comes
    std::visit(
        [this](auto& stream) {
            http::async_read(stream, buffer_, *parser_,
                             beast::bind_front_handler(&http_session::on_read, shared_from_this()));
        },
        stream_);
}

void http_session::on_read(beast::error_code ec, std::size_t) {
    if (answered_read_error(ec, "http read")) return;

    request req = parser_->release();
    if (auto refused = api::refuse_ambiguous(req)) {
        req.keep_alive(false);  // what follows on this connection cannot be trusted either
        return write(api::error_response(req, *refused));
    }
    if (beast::websocket::is_upgrade(req)) return handle_upgrade(std::move(req));
    switch (api::classify_file_request(req)) {
        case api::file_request::download:
            return answer_download(std::move(req));
        case api::file_request::refused:
        case api::file_request::upload:  // a body already read: not a streamed upload
            return write(api::answer_unrouted_file_request(req));
        case api::file_request::none:
            break;
    }

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

void http_session::start_upload(request head) {
    if (auto refused = api::refuse_ambiguous(head)) {
        head.keep_alive(false);
        return write(api::error_response(head, *refused));
    }
    auto head_ptr = std::make_shared<request>(std::move(head));
    const bool queued = ctx_.blocking.try_post(
        throttle::work_kind::interactive, client_of(*head_ptr),
        [self = shared_from_this(), head_ptr] {
            auto admitted = api::admit_upload(self->ctx_.router.services(), *head_ptr);
            boost::asio::post(self->tcp().get_executor(),
                              [self, head_ptr, admitted = std::move(admitted)]() mutable {
                                  if (auto* refused = std::get_if<api::response>(&admitted)) {
                                      refused->keep_alive(false);  // its body is never read
                                      return self->write(std::move(*refused));
                                  }
                                  self->receive_upload(head_ptr,
                                                       std::get<api::upload_ticket>(admitted));
                              });
        });
    if (!queued) {
        auto res =
            busy_response(*head_ptr, "the server has too much work waiting; try again shortly");
        res.keep_alive(false);
        write(std::move(res));
    }
}

void http_session::receive_upload(std::shared_ptr<request> head, api::upload_ticket ticket) {
    // The spool starts with the request's Content-Type, so that it reads as one MIME entity.
    spool_ = ctx_.router.services().files->new_spool_path();
    beast::error_code ec;
    beast::file spool;
    spool.open(spool_.c_str(), beast::file_mode::write_new, ec);
    const std::string entity_header =
        "Content-Type: " + std::string((*head)[http::field::content_type]) + "\r\n\r\n";
    if (!ec) spool.write(entity_header.data(), entity_header.size(), ec);
    upload_parser_.emplace(std::move(*header_parser_));
    header_parser_.reset();
    if (!ec) upload_parser_->get().body().reset(std::move(spool), ec);
    if (ec) {
        drop_spool();
        auto res = api::error_response(
            *head,
            {"insufficient_storage", "the server cannot store files now; try again later", 507});
        res.keep_alive(false);
        return write(std::move(res));
    }
    upload_parser_->body_limit(api::upload_body_limit(ctx_.router.services()));
    if (beast::iequals((*head)[http::field::expect], "100-continue")) {
        auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                        head->version());
        return std::visit(
            [&](auto& stream) {
                http::async_write(stream, *go_on,
                                  [self = shared_from_this(), go_on, head, ticket](
                                      beast::error_code ec, std::size_t) {
                                      if (ec) return self->drop_spool(), fail(ec, "http write");
                                      self->read_upload_chunk(head, ticket);
                                  });
            },
            stream_);
    }
    read_upload_chunk(std::move(head), ticket);
}

void http_session::read_upload_chunk(std::shared_ptr<request> head, api::upload_ticket ticket) {
    // The timeout is for a stalled sender, not a slow one: it starts again with every chunk.
    tcp().expires_after(limits::http_request_timeout);
    std::visit(
        [&](auto& stream) {
            http::async_read_some(
                stream, buffer_, *upload_parser_,
                [self = shared_from_this(), head, ticket](beast::error_code ec, std::size_t) {
                    if (ec) {
                        self->upload_parser_.reset();
                        self->drop_spool();
                        if (ec == http::error::body_limit) {
                            auto res = api::error_response(
                                *head, files::file_too_large(self->ctx_.config.max_file_bytes));
                            res.keep_alive(false);
                            return self->write(std::move(res));
                        }
                        return fail(ec, "upload read");
                    }
                    if (!self->upload_parser_->is_done())
                        return self->read_upload_chunk(head, ticket);
                    self->upload_parser_.reset();  // closes the spool file
                    auto spool = std::exchange(self->spool_, {});
                    auto store = [self, head, ticket, spool] {
                        auto res =
                            api::finish_upload(self->ctx_.router.services(), *head, ticket, spool);
                        boost::asio::post(self->tcp().get_executor(),
                                          [self, res = std::move(res)]() mutable {
                                              self->write(std::move(res));
                                          });
                    };
                    const auto key = std::to_string(ticket.user_id);
                    if (!self->ctx_.blocking.try_post(throttle::work_kind::heavy, key, store)) {
                        std::error_code ignored;
                        std::filesystem::remove(spool, ignored);
                        self->write(busy_response(
                            *head, "the server has too much work waiting; try again shortly"));
                    }
                });
        },
        stream_);
}

void http_session::drop_spool() {
    if (spool_.empty()) return;
    std::error_code ignored;
    std::filesystem::remove(spool_, ignored);
    spool_.clear();
}

void http_session::answer_download(request req) {
    auto req_ptr = std::make_shared<request>(std::move(req));
    const auto token = api::request_token(*req_ptr);
    const bool queued = ctx_.blocking.try_post(
        throttle::work_kind::interactive, token.empty() ? client_of(*req_ptr) : token,
        [self = shared_from_this(), req_ptr] {
            auto answer = std::make_shared<api::download_answer>(
                api::answer_download(self->ctx_.router.services(), *req_ptr));
            boost::asio::post(self->tcp().get_executor(), [self, answer] {
                // A large file gets time to go out at a slow reader's pace, and no more.
                self->write_message(
                    std::move(answer->message), answer->status, answer->keep_alive,
                    limits::http_request_timeout +
                        std::chrono::seconds(answer->body_bytes /
                                             limits::download_min_bytes_per_second));
            });
        });
    if (!queued)
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
    const auto status = res.result_int();
    const bool keep_alive = res.keep_alive();
    res.set(http::field::server, "parley");
    res.set("X-Content-Type-Options", "nosniff");
    write_message(http::message_generator(std::move(res)), status, keep_alive,
                  limits::http_request_timeout);
}

void http_session::write_message(http::message_generator message, unsigned status, bool keep_alive,
                                 std::chrono::seconds timeout) {
    ctx_.metrics.http_responses.add(std::to_string(status));
    tcp().expires_after(timeout);
    std::visit(
        [&](auto& stream) {
            beast::async_write(
                stream, std::move(message),
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

#include "net/websocket_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <utility>

#include "api/json_http.hpp"
#include "auth/tokens.hpp"
#include "net/fail.hpp"
#include "net/send_queue_policy.hpp"
#include "net/text_frame.hpp"

namespace parley::net {

using limits::default_close_grace;
using limits::shutdown_close_grace;
using limits::slow_client_close_grace;
constexpr int max_requests_in_flight = limits::ws_requests_in_flight;

websocket_session::websocket_session(transport&& connection, server_context& ctx, unsigned home,
                                     store::user user, std::string session,
                                     connection_caps::slot slot)
    : ws_(std::move(connection), limits::ws_stream_high_water, &ctx.memory,
          &ctx.metrics.send_queue_bytes),
      ctx_(ctx),
      home_(home),
      user_id_(user.id),
      username_(std::move(user.username)),
      client_id_(auth::new_uuid()),
      session_(std::move(session)),
      slot_(std::move(slot)),
      close_timer_(ws_.get_executor()),
      pings_(ctx_.config.abuse.pings, throttle::clock::now()) {}

websocket_session::~websocket_session() = default;

void websocket_session::run(beast::http::request<beast::http::string_body> req) {
    watches_rooms_ = api::query_param(req, "activity") != "off";
    // Beast pings after one idle interval and drops the peer after a second with no answer.
    websocket::stream_base::timeout timeout{std::chrono::seconds(30), ctx_.config.ping_interval * 2,
                                            true};
    ws_.set_option(timeout);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(beast::http::field::server, "parley"); }));
    ws_.read_message_max(ctx_.config.max_frame_bytes);
    // Beast answers every ping with a pong by itself; a flood of them is cut off here.
    ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
        const auto& limit = ctx_.config.abuse.pings;
        if (kind == websocket::frame_type::ping && limit.on() &&
            pings_.take(limit, throttle::clock::now()).count() > 0)
            close_for_abuse("too many pings");
    });
    // Before the 101 answer: online once it is connected, and the chat service hears of it
    // before the client can act on another socket (its room list then learns of a group joined
    // there). Frames for it wait in early_frames_ until the answer is written.
    ctx_.presence.connected(user_id_);
    ctx_.chat.on_open(shared_from_this());
    ws_.async_accept(req,
                     beast::bind_front_handler(&websocket_session::on_accept, shared_from_this()));
}

void websocket_session::on_accept(beast::error_code ec) {
    if (ec) {
        fail(ec, "websocket accept");
        return finish();
    }
    accepted_ = true;
    for (const auto& f : std::exchange(early_frames_, {}))
        ws_.next_layer().append(text_frame_header(f->size()).bytes(), *f);
    early_bytes_ = 0;
    ctx_.connections.add(shared_from_this());
    spdlog::debug("ws: {} connected as {}", username_, client_id_);
    do_read();
}

void websocket_session::do_read() {
    ws_.async_read(buffer_,
                   beast::bind_front_handler(&websocket_session::on_read, shared_from_this()));
}

void websocket_session::on_read(beast::error_code ec, std::size_t) {
    if (ec) {
        fail(ec, "websocket read");
        return finish();
    }
    if (!ws_.got_text()) {
        buffer_.release();
        return close_with(websocket::close_code::unknown_data, "binary frames are not supported",
                          default_close_grace);
    }
    const int in_flight = ++requests_in_flight_;
    ctx_.chat.on_text(shared_from_this(), buffer_.text());
    buffer_.release();
    if (closing_) return;
    if (in_flight >= max_requests_in_flight) {
        reading_paused_ = true;  // request_done() resumes at half
        return;
    }
    do_read();
}

void websocket_session::request_done() {
    if (--requests_in_flight_ != max_requests_in_flight / 2) return;
    boost::asio::post(ws_.get_executor(), [self = shared_from_this()] {
        if (!self->reading_paused_ || self->closing_ || self->finished_) return;
        self->reading_paused_ = false;
        self->do_read();
    });
}

chat::send_status websocket_session::send(chat::frame f) {
    const std::size_t size = f->size();
    if (overflowed_.load(std::memory_order_relaxed)) return chat::send_status::dropped;
    if (posted_bytes_.fetch_add(size) + size > ctx_.config.max_send_queue_bytes) {
        posted_bytes_.fetch_sub(size);
        boost::asio::post(ws_.get_executor(), [self = shared_from_this()] { self->overflow(); });
        return chat::send_status::dropped;
    }
    // At once when called on the home thread, else posted there; in order either way.
    boost::asio::dispatch(ws_.get_executor(), [self = shared_from_this(), f = std::move(f)] {
        self->posted_bytes_.fetch_sub(f->size());
        self->send_here(f);
    });
    return chat::send_status::queued;
}

void websocket_session::send_here(const chat::frame& f) {
    if (closing_) return;
    auto& stream = ws_.next_layer();
    const auto verdict = judge_send_queue(
        stream.buffered() + early_bytes_ + f->size(),
        [this] { return ctx_.metrics.send_queue_bytes.load(std::memory_order_relaxed); },
        ctx_.config);
    if (verdict == queue_verdict::cut_off) return overflow();
    // Behind, a client that reads drains it (a socket write finishes now and then: a burst of
    // its own history answers is fine); one that does not read makes no progress.
    if (verdict == queue_verdict::keeping_up) {
        over_since_ = {};
    } else {
        const auto now = std::chrono::steady_clock::now();
        const auto writes = static_cast<std::uint32_t>(stream.writes_completed());
        if (over_since_ == std::chrono::steady_clock::time_point{} || writes != over_at_writes_) {
            over_since_ = now;
            over_at_writes_ = writes;
        } else if (now - over_since_ > limits::slow_client_stall) {
            return overflow();
        }
    }
    if (!accepted_) {
        early_bytes_ += f->size();
        return early_frames_.push_back(f);
    }
    stream.append(text_frame_header(f->size()).bytes(), *f);
}

void websocket_session::overflow() {
    if (overflowed_.exchange(true)) return;
    spdlog::warn("ws: {} is not reading; disconnecting", username_);
    close_with(websocket::close_code::policy_error, "send queue overflow", slow_client_close_grace);
}

void websocket_session::shutdown() {
    boost::asio::post(ws_.get_executor(), [self = shared_from_this()] {
        self->close_with(websocket::close_code::going_away, "server shutting down",
                         shutdown_close_grace);
    });
}

void websocket_session::end_session() {
    boost::asio::post(ws_.get_executor(), [self = shared_from_this()] {
        self->close_with(session_ended_close, "session ended", default_close_grace);
    });
}

void websocket_session::close_for_abuse(const char* reason) {
    boost::asio::post(ws_.get_executor(), [self = shared_from_this(), reason] {
        if (self->closing_ || self->finished_) return;
        spdlog::warn("ws: closing {}'s connection: {}", self->username_, reason);
        self->close_with(websocket::close_code::policy_error, reason, default_close_grace);
    });
}

void websocket_session::close_with(websocket::close_code code, const char* reason,
                                   std::chrono::steady_clock::duration grace) {
    if (closing_ || finished_) return;
    closing_ = true;   // nothing more is appended; the close frame follows what was
    if (!accepted_) {  // no close frame before the 101: the accept fails and finishes
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).close(ignored);
        return;
    }
    close_timer_.expires_after(grace);
    close_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (!ec) beast::get_lowest_layer(self->ws_).close(ec);
    });
    ws_.async_close(websocket::close_reason(code, reason),
                    [self = shared_from_this()](beast::error_code ec) {
                        if (ec) fail(ec, "websocket close");
                        self->close_timer_.cancel();
                        self->finish();
                    });
}

void websocket_session::finish() {
    if (finished_) return;
    finished_ = true;
    spdlog::debug("ws: {} ({}) disconnected", username_, client_id_);
    ctx_.presence.disconnected(user_id_);
    ctx_.chat.on_closed(shared_from_this());
}

}  // namespace parley::net

#include "net/coalescing_stream.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <cstring>
#include <string>
#include <vector>

#include "config.hpp"
#include "net/memory_trimmer.hpp"

namespace parley::net {
namespace asio = boost::asio;

struct coalescing_stream::state : std::enable_shared_from_this<state> {
    state(transport&& s, std::size_t hw, memory_trimmer* t, std::atomic<std::int64_t>* g)
        : next(std::move(s)), high_water(hw), trimmer(t), queued_gauge(g) {}
    ~state() {
        if (queued_gauge) queued_gauge->fetch_sub(static_cast<std::int64_t>(reported));
    }

    transport next;
    const std::size_t high_water;
    memory_trimmer* const trimmer;                  // may be null
    std::atomic<std::int64_t>* const queued_gauge;  // may be null
    std::size_t reported = 0;                       // what queued_gauge holds of this stream
    static constexpr std::size_t report_step = 16 * 1024;
    std::string pending;   // accepted, not yet handed to the socket
    std::string inflight;  // being written now
    bool writing = false;
    bool write_posted = false;
    beast::error_code failed;
    std::vector<std::pair<write_handler, std::size_t>> held;  // writers waiting for room
    std::vector<flush_handler> flush_waiters;
    std::size_t socket_writes = 0;
    std::size_t writes_completed = 0;

    asio::ip::tcp::socket& socket() {
        if (auto* secure = std::get_if<tls_stream>(&next)) return secure->next_layer().socket();
        return std::get<asio::ip::tcp::socket>(next);
    }

    /// Completes a handler later, never inline; post() runs it on its own associated executor.
    template <class Handler, class... Args>
    void complete(Handler h, Args... args) {
        asio::post(socket().get_executor(), beast::bind_front_handler(std::move(h), args...));
    }

    void schedule_write() {
        if (writing || write_posted) return;
        write_posted = true;
        asio::post(socket().get_executor(), [self = shared_from_this()] {
            self->write_posted = false;
            self->start_write();
        });
    }

    void start_write() {
        if (writing) return;
        if (pending.empty()) return notify_flushed();
        if (write_at_once()) return;
        inflight.swap(pending);
        release(pending);
        writing = true;
        ++socket_writes;
        std::visit(
            [this](auto& stream) {
                asio::async_write(stream, asio::buffer(inflight),
                                  [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                      self->on_written(ec);
                                  });
            },
            next);
        release_held({});  // their bytes are in flight now: let them go on
    }

    /// On a bare socket (non-blocking), sends what is pending right here: when the kernel takes
    /// it all (the usual case), no write operation is started and nothing is posted. Returns
    /// false with what is left still pending when the socket took only part of it (the caller
    /// then waits for room with an asynchronous write) or, under TLS, nothing was tried.
    bool write_at_once() {
        auto* bare = std::get_if<asio::ip::tcp::socket>(&next);
        if (!bare) return false;
        beast::error_code ec;
        const std::size_t sent = bare->write_some(asio::buffer(pending), ec);
        if (ec == asio::error::would_block || ec == asio::error::try_again) ec = {};
        ++socket_writes;
        if (!ec && sent < pending.size()) {
            pending.erase(0, sent);
            return false;
        }
        if (!ec) ++writes_completed;
        release(pending);
        report();
        if (ec) failed = ec;
        release_held(ec);  // their bytes are on the wire, or never going to be
        notify_flushed();
        return true;
    }

    /// Lets the writers held for room go on: done, or failed with `ec`.
    void release_held(beast::error_code ec) {
        for (auto& [handler, size] : held) complete(std::move(handler), ec, ec ? 0 : size);
        held.clear();
    }

    void on_written(beast::error_code ec) {
        writing = false;
        if (!ec) ++writes_completed;
        release(inflight);
        report();
        if (ec) {
            failed = ec;
            pending.clear();
            report();
            release_held(ec);
            return notify_flushed();
        }
        start_write();
    }

    /// Brings queued_gauge up to the bytes this stream holds now.
    void report() {
        if (!queued_gauge) return;
        const std::size_t now = pending.size() + inflight.size();
        queued_gauge->fetch_add(
            static_cast<std::int64_t>(now) - static_cast<std::int64_t>(reported),
            std::memory_order_relaxed);
        reported = now;
    }

    /// Empties a buffer; one that grew for a burst is given back, so idle connections stay small.
    void release(std::string& buffer) {
        if (buffer.capacity() <= idle_capacity) return buffer.clear();
        if (trimmer) trimmer->released(buffer.capacity());
        std::string().swap(buffer);
    }
    static constexpr std::size_t idle_capacity = 256;

    void notify_flushed() {
        for (auto& h : flush_waiters) complete(std::move(h), failed);
        flush_waiters.clear();
    }
};

coalescing_stream::coalescing_stream(transport&& connection, std::size_t high_water,
                                     memory_trimmer* trimmer,
                                     std::atomic<std::int64_t>* queued_gauge)
    : state_(std::make_shared<state>(std::move(connection), high_water, trimmer, queued_gauge)) {
    // Writes are tried at once and must never block the thread: see state::write_at_once().
    if (auto* bare = std::get_if<asio::ip::tcp::socket>(&state_->next)) {
        beast::error_code ignored;
        bare->non_blocking(true, ignored);
    }
}

coalescing_stream::~coalescing_stream() {
    if (state_) beast::close_socket(state_->socket());
}

coalescing_stream::executor_type coalescing_stream::get_executor() noexcept {
    return state_->socket().get_executor();
}

coalescing_stream::socket_type& coalescing_stream::next_layer() noexcept {
    return state_->socket();
}

tls_stream* coalescing_stream::tls() noexcept { return std::get_if<tls_stream>(&state_->next); }

std::size_t coalescing_stream::socket_writes() const noexcept { return state_->socket_writes; }

std::size_t coalescing_stream::writes_completed() const noexcept {
    return state_->writes_completed;
}

char* coalescing_stream::reserve(std::size_t size) {
    auto& pending = state_->pending;
    const std::size_t old = pending.size();
    // A turn's frames usually fit this: one allocation instead of a doubling chain of them.
    if (old == 0) pending.reserve(std::max(size, limits::write_buffer_first_capacity));
    pending.resize(old + size);
    return pending.data() + old;
}

void coalescing_stream::accepted(std::size_t size, write_handler handler) {
    auto& s = *state_;
    if (s.failed) {
        s.pending.clear();
        s.report();
        return s.complete(std::move(handler), s.failed, std::size_t{0});
    }
    s.report();
    // The bytes are stored either way; the writer may continue only while there is room.
    if (s.pending.size() <= s.high_water) {
        s.complete(std::move(handler), beast::error_code{}, size);
        s.schedule_write();
    } else {
        s.held.emplace_back(std::move(handler), size);
        s.schedule_write();
    }
}

void coalescing_stream::append(std::string_view first, std::string_view second) {
    auto& s = *state_;
    if (s.failed) return;  // the connection is ending; its reader reports the error
    char* dest = reserve(first.size() + second.size());
    std::memcpy(dest, first.data(), first.size());
    std::memcpy(dest + first.size(), second.data(), second.size());
    // Not per frame (one shared atomic touched by every thread would be contended): once the
    // unreported bytes pass a step, and whenever a write ends.
    if (s.pending.size() + s.inflight.size() >= s.reported + state::report_step) s.report();
    s.schedule_write();
}

std::size_t coalescing_stream::buffered() const noexcept {
    return state_->pending.size() + state_->inflight.size();
}

void coalescing_stream::async_flush(flush_handler handler) {
    auto& s = *state_;
    if (!s.writing && !s.write_posted && s.pending.empty())
        return s.complete(std::move(handler), s.failed);
    s.flush_waiters.push_back(std::move(handler));
    s.schedule_write();
}

void teardown(beast::role_type role, coalescing_stream& stream, beast::error_code& ec) {
    using beast::websocket::teardown;
    teardown(role, stream.next_layer(), ec);
}

}  // namespace parley::net

#include "net/coalescing_stream.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <deque>
#include <string>
#include <vector>

namespace parley::net {
namespace asio = boost::asio;

struct coalescing_stream::state : std::enable_shared_from_this<state> {
    state(asio::ip::tcp::socket&& s, std::size_t hw) : next(std::move(s)), high_water(hw) {}

    beast::tcp_stream next;
    const std::size_t high_water;
    std::string pending;   // accepted, not yet handed to the socket
    std::string inflight;  // being written now
    bool writing = false;
    bool write_posted = false;
    bool corked = false;
    beast::error_code failed;
    std::deque<std::pair<write_handler, std::size_t>> held;  // writers waiting for room
    std::vector<flush_handler> flush_waiters;
    std::size_t socket_writes = 0;

    /// Completes a handler later, never inline; post() runs it on its own associated executor.
    template <class Handler, class... Args>
    void complete(Handler h, Args... args) {
        asio::post(next.get_executor(), beast::bind_front_handler(std::move(h), args...));
    }

    void schedule_write() {
        if (writing || write_posted) return;
        write_posted = true;
        asio::post(next.get_executor(), [self = shared_from_this()] {
            self->write_posted = false;
            self->start_write();
        });
    }

    void start_write() {
        if (writing) return;
        if (pending.empty()) return notify_flushed();
        inflight.swap(pending);
        pending.clear();
        writing = true;
        ++socket_writes;
        asio::async_write(next, asio::buffer(inflight),
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              self->on_written(ec);
                          });
        // The held writers' bytes are in flight now: let them go on.
        while (!held.empty()) {
            complete(std::move(held.front().first), beast::error_code{}, held.front().second);
            held.pop_front();
        }
    }

    void on_written(beast::error_code ec) {
        writing = false;
        inflight.clear();
        if (ec) {
            failed = ec;
            pending.clear();
            for (auto& h : held) complete(std::move(h.first), ec, std::size_t{0});
            held.clear();
            return notify_flushed();
        }
        start_write();
    }

    void notify_flushed() {
        for (auto& h : flush_waiters) complete(std::move(h), failed);
        flush_waiters.clear();
    }
};

coalescing_stream::coalescing_stream(asio::ip::tcp::socket&& socket, std::size_t high_water)
    : state_(std::make_shared<state>(std::move(socket), high_water)) {}

coalescing_stream::~coalescing_stream() {
    if (state_) beast::close_socket(state_->next);
}

coalescing_stream::executor_type coalescing_stream::get_executor() noexcept {
    return state_->next.get_executor();
}

beast::tcp_stream& coalescing_stream::next_layer() noexcept { return state_->next; }

std::size_t coalescing_stream::socket_writes() const noexcept { return state_->socket_writes; }

char* coalescing_stream::reserve(std::size_t size) {
    auto& pending = state_->pending;
    const std::size_t old = pending.size();
    pending.resize(old + size);
    return pending.data() + old;
}

void coalescing_stream::accepted(std::size_t size, write_handler handler) {
    auto& s = *state_;
    if (s.failed) {
        s.pending.clear();
        return s.complete(std::move(handler), s.failed, std::size_t{0});
    }
    // The bytes are stored either way; the writer may continue only while there is room.
    if (s.pending.size() <= s.high_water) {
        s.complete(std::move(handler), beast::error_code{}, size);
        if (!s.corked) s.schedule_write();
    } else {
        s.held.emplace_back(std::move(handler), size);
        s.schedule_write();
    }
}

void coalescing_stream::cork() noexcept { state_->corked = true; }

void coalescing_stream::uncork() {
    state_->corked = false;
    state_->schedule_write();
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

#include "bus/redis/redis_connection.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>

namespace parley::bus::redis {

namespace asio = boost::asio;

/// Tells hiredis when its socket is readable or writable. Owned by the connection and by the
/// waits in flight, so a wait that completes after hiredis let the context go finds `ac` null.
struct redis_connection::watcher : std::enable_shared_from_this<watcher> {
    watcher(asio::io_context& ioc, redisAsyncContext* c) : fd(ioc, c->c.fd), ac(c) {}

    asio::posix::stream_descriptor fd;
    redisAsyncContext* ac;  // null once hiredis cleaned up
    bool want_read = false, want_write = false;
    bool waiting_read = false, waiting_write = false;

    void wait(bool for_write) {
        bool& waiting = for_write ? waiting_write : waiting_read;
        if (waiting || !ac) return;
        waiting = true;
        fd.async_wait(for_write ? asio::posix::descriptor_base::wait_write
                                : asio::posix::descriptor_base::wait_read,
                      [self = shared_from_this(), for_write](boost::system::error_code ec) {
                          (for_write ? self->waiting_write : self->waiting_read) = false;
                          if (ec || !self->ac) return;
                          bool& want = for_write ? self->want_write : self->want_read;
                          if (!want) return;
                          // May end the connection, and with it the context (ac becomes null).
                          if (for_write)
                              redisAsyncHandleWrite(self->ac);
                          else
                              redisAsyncHandleRead(self->ac);
                          if (self->ac && want) self->wait(for_write);
                      });
    }

    static watcher* of(void* p) { return static_cast<watcher*>(p); }
    static void add_read(void* p) { of(p)->want_read = true, of(p)->wait(false); }
    static void del_read(void* p) { of(p)->want_read = false; }
    static void add_write(void* p) { of(p)->want_write = true, of(p)->wait(true); }
    static void del_write(void* p) { of(p)->want_write = false; }
    /// hiredis is freeing the context: stop watching, and leave the descriptor to hiredis,
    /// which closes it.
    static void cleanup(void* p) {
        auto* w = of(p);
        w->ac = nullptr;
        w->want_read = w->want_write = false;
        boost::system::error_code ignored;
        w->fd.cancel(ignored);
        w->fd.release();
    }
};

redis_connection::redis_connection(connect_handler on_connect, end_handler on_end)
    : on_connect_(std::move(on_connect)), on_end_(std::move(on_end)) {}

std::shared_ptr<redis_connection> redis_connection::connect(asio::io_context& ioc,
                                                            const std::string& host, int port,
                                                            connect_handler on_connect,
                                                            end_handler on_end) {
    std::shared_ptr<redis_connection> self(
        new redis_connection(std::move(on_connect), std::move(on_end)));
    redisAsyncContext* c = redisAsyncConnect(host.c_str(), port);
    if (!c || c->err) {
        const std::string why = c ? c->errstr : "out of memory";
        if (c) redisAsyncFree(c);
        asio::post(ioc, [self, why] {
            if (auto h = std::exchange(self->on_connect_, {})) h(false, why);
        });
        return self;
    }
    self->context_ = c;
    c->data = self.get();
    self->watcher_ = std::make_shared<watcher>(ioc, c);
    c->ev.data = self->watcher_.get();
    c->ev.addRead = &watcher::add_read;
    c->ev.delRead = &watcher::del_read;
    c->ev.addWrite = &watcher::add_write;
    c->ev.delWrite = &watcher::del_write;
    c->ev.cleanup = &watcher::cleanup;
    // After the watcher is attached: setting the connect callback asks for the first write
    // event, which is how hiredis learns that the connection is up.
    redisAsyncSetConnectCallback(c, &redis_connection::on_connected);
    redisAsyncSetDisconnectCallback(c, &redis_connection::on_disconnected);
    return self;
}

redis_connection::~redis_connection() {
    if (!context_) return;
    context_->data = nullptr;  // no callback may reach this object any more
    redisAsyncFree(context_);
}

void redis_connection::on_connected(const redisAsyncContext* c, int status) {
    auto* self = static_cast<redis_connection*>(c->data);
    if (!self) return;
    const bool ok = status == REDIS_OK;
    std::string why = ok ? "" : c->errstr;
    // On failure hiredis frees the context once this returns.
    if (!ok) self->context_ = nullptr;
    self->connected_ = ok;
    if (auto h = std::exchange(self->on_connect_, {})) h(ok, why);
}

void redis_connection::on_disconnected(const redisAsyncContext* c, int status) {
    auto* self = static_cast<redis_connection*>(c->data);
    if (!self) return;
    // hiredis frees the context once this returns.
    const std::string why = status == REDIS_OK ? "closed" : c->errstr;
    self->context_ = nullptr;
    self->connected_ = false;
    if (auto h = std::exchange(self->on_end_, {})) h(why);
}

void redis_connection::on_reply(redisAsyncContext*, void* reply, void* privdata) {
    // Runs once per command: with its reply, or with nullptr when the connection ended first.
    std::unique_ptr<reply_handler> handler(static_cast<reply_handler*>(privdata));
    (*handler)(static_cast<redisReply*>(reply));
}

void redis_connection::on_subscription(redisAsyncContext* c, void* reply, void*) {
    auto* self = static_cast<redis_connection*>(c->data);
    if (self && reply && self->on_message_) self->on_message_(static_cast<redisReply*>(reply));
}

bool redis_connection::send(const std::vector<std::string_view>& args, redisCallbackFn* fn,
                            void* privdata) {
    if (!up()) return false;
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (auto a : args) argv.push_back(a.data()), lengths.push_back(a.size());
    return redisAsyncCommandArgv(context_, fn, privdata, static_cast<int>(args.size()), argv.data(),
                                 lengths.data()) == REDIS_OK;
}

bool redis_connection::command(const std::vector<std::string_view>& args, reply_handler on_reply) {
    if (!on_reply) return send(args, nullptr, nullptr);
    auto handler = std::make_unique<reply_handler>(std::move(on_reply));
    if (!send(args, &redis_connection::on_reply, handler.get())) return false;
    handler.release();  // on_reply deletes it
    return true;
}

bool redis_connection::subscription(const std::vector<std::string_view>& args) {
    return send(args, &redis_connection::on_subscription, nullptr);
}

}  // namespace parley::bus::redis

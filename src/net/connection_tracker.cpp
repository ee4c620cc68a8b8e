#include "net/connection_tracker.hpp"

#include <algorithm>

#include "auth/accounts.hpp"
#include "net/websocket_session.hpp"

namespace parley::net {

connection_tracker::connection_tracker(boost::asio::any_io_executor timers) : timer_(timers) {}

connection_tracker::~connection_tracker() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    timer_.cancel();
}

namespace {

bool later(const std::pair<store::millis_t, std::weak_ptr<websocket_session>>& a,
           const std::pair<store::millis_t, std::weak_ptr<websocket_session>>& b) {
    return a.first > b.first;
}

}  // namespace

void connection_tracker::expire_at(const std::shared_ptr<websocket_session>& s,
                                   store::millis_t expires_at) {
    std::lock_guard lock(mutex_);
    if (expiries_.size() >= 2 * pruned_size_ + 64) {
        std::erase_if(expiries_, [](const expiry& e) { return e.second.expired(); });
        std::make_heap(expiries_.begin(), expiries_.end(), later);
        pruned_size_ = expiries_.size();
    }
    expiries_.emplace_back(expires_at, s);
    std::push_heap(expiries_.begin(), expiries_.end(), later);
    if (armed_for_ == 0 || expires_at < armed_for_) arm();
}

void connection_tracker::arm() {
    if (stopped_ || expiries_.empty()) {
        armed_for_ = 0;
        return;
    }
    armed_for_ = expiries_.front().first;
    timer_.expires_after(
        std::chrono::milliseconds(std::max<store::millis_t>(0, armed_for_ - auth::now_millis())));
    timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) on_timer();  // a cancelled wait was replaced by an earlier one
    });
}

void connection_tracker::on_timer() {
    std::vector<std::shared_ptr<websocket_session>> ended;
    {
        std::lock_guard lock(mutex_);
        const auto now = auth::now_millis();
        while (!expiries_.empty() && expiries_.front().first <= now) {
            std::pop_heap(expiries_.begin(), expiries_.end(), later);
            if (auto s = expiries_.back().second.lock()) ended.push_back(std::move(s));
            expiries_.pop_back();
        }
        arm();
    }
    for (const auto& s : ended) s->end_session();  // outside the lock: it posts
}

void connection_tracker::add(const std::shared_ptr<websocket_session>& s) {
    std::lock_guard lock(mutex_);
    // Sweep the ended ones once the list has doubled: amortized O(1) per connection, where a
    // sweep on every add made opening n connections cost O(n^2).
    if (sessions_.size() >= 2 * swept_size_ + 16) {
        std::erase_if(sessions_, [](const auto& w) { return w.expired(); });
        swept_size_ = sessions_.size();
    }
    sessions_.push_back(s);
}

void connection_tracker::close_all() {
    std::vector<std::shared_ptr<websocket_session>> live;
    {
        std::lock_guard lock(mutex_);
        for (const auto& weak : sessions_)
            if (auto s = weak.lock()) live.push_back(std::move(s));
    }
    for (const auto& s : live) s->shutdown();  // outside the lock: shutdown posts
}

void connection_tracker::close_session(const std::string& session) { close_sessions({session}); }

std::vector<std::string> connection_tracker::open_sessions() const {
    std::unordered_set<std::string> out;
    {
        std::lock_guard lock(mutex_);
        for (const auto& weak : sessions_)
            if (auto s = weak.lock(); s && !s->session().empty()) out.insert(s->session());
    }
    return {out.begin(), out.end()};
}

void connection_tracker::close_sessions(const std::unordered_set<std::string>& ended) {
    std::vector<std::shared_ptr<websocket_session>> closing;
    {
        std::lock_guard lock(mutex_);
        for (const auto& weak : sessions_)
            if (auto s = weak.lock(); s && ended.contains(s->session()))
                closing.push_back(std::move(s));
    }
    for (const auto& s : closing) s->end_session();
}

std::size_t connection_tracker::size() const {
    std::lock_guard lock(mutex_);
    std::erase_if(sessions_, [](const auto& w) { return w.expired(); });
    swept_size_ = sessions_.size();
    return sessions_.size();
}

}  // namespace parley::net

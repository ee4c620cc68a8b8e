#include "net/connection_tracker.hpp"

#include "net/websocket_session.hpp"

namespace parley::net {

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

void connection_tracker::close_session(const std::string& session) {
    std::vector<std::shared_ptr<websocket_session>> ended;
    {
        std::lock_guard lock(mutex_);
        for (const auto& weak : sessions_)
            if (auto s = weak.lock(); s && s->session() == session) ended.push_back(std::move(s));
    }
    for (const auto& s : ended) s->end_session();
}

std::size_t connection_tracker::size() const {
    std::lock_guard lock(mutex_);
    std::erase_if(sessions_, [](const auto& w) { return w.expired(); });
    swept_size_ = sessions_.size();
    return sessions_.size();
}

}  // namespace parley::net

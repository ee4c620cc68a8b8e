#include "chat/room_joins.hpp"

#include <algorithm>

#include "config.hpp"

namespace parley::chat {

room_joins::pending* room_joins::find(const connection& c) {
    auto it = std::find_if(joins_.begin(), joins_.end(),
                           [&](const pending& p) { return p.conn.get() == &c; });
    return it == joins_.end() ? nullptr : &*it;
}

std::optional<room_joins::pending> room_joins::take(const connection& c) {
    auto* p = find(c);
    if (!p) return std::nullopt;
    pending out = std::move(*p);
    joins_.erase(joins_.begin() + (p - joins_.data()));
    return out;
}

bool room_joins::add(std::shared_ptr<connection> c, std::optional<std::int64_t> since,
                     request_token done) {
    joins_.push_back({std::move(c), since, std::move(done), false, {}, {}});
    return !reading_;
}

room_joins::batch room_joins::next_batch() {
    batch out;
    if (reading_) return out;
    for (auto& p : joins_) {
        if (std::exchange(p.reading, true)) continue;
        out.conns.push_back(p.conn);
        out.reads.push_back({p.conn->user_id(), p.since});
    }
    reading_ = !out.reads.empty();
    return out;
}

void room_joins::batch_read(join_pages pages_read, clock::time_point now) {
    reading_ = false;
    if (pages_read.empty()) return;
    for (auto& [since, page] : pages_read) pages_[since] = std::move(page);
    pages_read_at_ = now;
}

void room_joins::passed(const room_stream::item& item) {
    for (auto& p : joins_) p.buffered.push_back(item);
}

join_pages room_joins::current_pages(std::optional<std::int64_t> delivered, clock::time_point now) {
    if (!delivered || now - pages_read_at_ >= limits::join_page_reuse) {
        pages_.clear();
        return {};
    }
    // What is passed on after a page is buffered for the joins of the batch, which are
    // registered before it is read; a page is current while nothing was.
    std::erase_if(pages_, [&](const auto& e) { return e.second.last_seq != *delivered; });
    return pages_;
}

bool room_joins::forget_old_pages(clock::time_point now) {
    if (now - pages_read_at_ >= limits::join_page_reuse) pages_.clear();
    return !pages_.empty();
}

}  // namespace parley::chat

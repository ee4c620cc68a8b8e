#include "chat/abuse_guard.hpp"

namespace parley::chat {

abuse_guard::abuse_guard(const abuse_limits& l)
    : messages_(l.messages),
      joins_(l.joins),
      requests_(l.requests),
      invalid_(l.invalid),
      refusals_(l.refusals) {}

guard_answer abuse_guard::answer(const connection& c, std::chrono::milliseconds wait) {
    if (wait.count() == 0) return {};
    if (!ignored_last_refusal(key(c), wait)) return {wait, false};
    return {wait, refusals_.take(key(c)).count() > 0};
}

bool abuse_guard::ignored_last_refusal(conn_key c, std::chrono::milliseconds wait) {
    const auto now = throttle::clock::now();
    std::lock_guard lock(mutex_);
    auto [it, first] = come_back_at_.try_emplace(c, now);
    // A client's timer may fire a little early by the server's clock.
    const bool ignored = !first && now + limits::rate_limit_timer_slack < it->second;
    it->second = now + wait;
    return ignored;
}

guard_answer abuse_guard::message(const connection& c) {
    return answer(c, messages_.take(c.user_id()));
}

guard_answer abuse_guard::join(const connection& c) { return answer(c, joins_.take(key(c))); }

guard_answer abuse_guard::request(const connection& c) { return answer(c, requests_.take(key(c))); }

bool abuse_guard::invalid(const connection& c) { return invalid_.take(key(c)).count() > 0; }

void abuse_guard::closed(const connection& c) {
    for (auto* l : {&joins_, &requests_, &invalid_, &refusals_}) l->forget(key(c));
    std::lock_guard lock(mutex_);
    come_back_at_.erase(key(c));
}

std::map<std::string, std::uint64_t, std::less<>> abuse_guard::refusals() const {
    return {{"messages", messages_.refusals()},
            {"joins", joins_.refusals()},
            {"requests", requests_.refusals()},
            {"invalid", invalid_.refusals()},
            {"refusals", refusals_.refusals()}};
}

}  // namespace parley::chat

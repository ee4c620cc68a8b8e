#include "net/connection_caps.hpp"

#include <utility>

namespace parley::net {

connection_caps::slot& connection_caps::slot::operator=(slot&& o) noexcept {
    if (this != &o) {
        release();
        caps_ = std::exchange(o.caps_, nullptr);
        user_ = o.user_;
        ip_ = std::move(o.ip_);
    }
    return *this;
}

void connection_caps::slot::release() {
    if (auto* caps = std::exchange(caps_, nullptr)) caps->close(user_, ip_);
}

outcome<connection_caps::slot> connection_caps::open(store::id_t user, const std::string& ip) {
    std::lock_guard lock(mutex_);
    if (user == 0) {  // counted by address only
        auto& by_ip = ips_[ip];
        if (by_ip >= per_ip_)
            return failure{"too_many_connections", "too many open connections from this address",
                           429};
        ++by_ip;
        return slot(this, user, ip);
    }
    auto& by_user = users_[user];
    auto& by_ip = ips_[ip];
    if (by_user >= per_user_ || by_ip >= per_ip_) {
        if (by_user == 0) users_.erase(user);
        if (by_ip == 0) ips_.erase(ip);
        return failure{"too_many_connections",
                       by_user >= per_user_ ? "too many open connections for this user"
                                            : "too many open connections from this address",
                       429};
    }
    ++by_user;
    ++by_ip;
    return slot(this, user, ip);
}

std::size_t connection_caps::of_user(store::id_t user) const {
    std::lock_guard lock(mutex_);
    auto it = users_.find(user);
    return it == users_.end() ? 0 : it->second;
}

void connection_caps::close(store::id_t user, const std::string& ip) {
    std::lock_guard lock(mutex_);
    if (auto it = users_.find(user); user != 0 && it != users_.end() && --it->second == 0)
        users_.erase(it);
    if (auto it = ips_.find(ip); it != ips_.end() && --it->second == 0) ips_.erase(it);
}

}  // namespace parley::net

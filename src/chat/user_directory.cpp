#include "chat/user_directory.hpp"

#include <algorithm>

namespace parley::chat {

void user_directory::add(const std::shared_ptr<connection>& c) {
    std::lock_guard lock(mutex_);
    by_user_[c->user_id()].push_back(c);
}

bool user_directory::remove(const connection& c) {
    std::lock_guard lock(mutex_);
    auto it = by_user_.find(c.user_id());
    if (it == by_user_.end()) return false;
    auto& list = it->second;
    auto found =
        std::find_if(list.begin(), list.end(), [&](const auto& p) { return p.get() == &c; });
    if (found == list.end()) return false;
    *found = std::move(list.back());
    list.pop_back();
    if (list.empty()) by_user_.erase(it);
    return true;
}

std::vector<std::shared_ptr<connection>> user_directory::of(id_t user) const {
    std::lock_guard lock(mutex_);
    auto it = by_user_.find(user);
    return it == by_user_.end() ? std::vector<std::shared_ptr<connection>>{} : it->second;
}

bool user_directory::contains(const connection& c) const {
    std::lock_guard lock(mutex_);
    auto it = by_user_.find(c.user_id());
    return it != by_user_.end() && std::any_of(it->second.begin(), it->second.end(),
                                               [&](const auto& p) { return p.get() == &c; });
}

}  // namespace parley::chat

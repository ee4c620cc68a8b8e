#include "chat/fanout.hpp"

#include <map>

namespace parley::chat {

std::vector<home_batch> group_by_home(const recipient_list& all) {
    std::map<unsigned, recipient_list> by_home;
    for (const auto& r : all) by_home[r.conn->home()].push_back(r);
    std::vector<home_batch> out;
    out.reserve(by_home.size());
    for (auto& [home, list] : by_home)
        out.push_back({home, std::make_shared<const recipient_list>(std::move(list))});
    return out;
}

std::size_t deliver_to(const recipient_list& recipients, std::int64_t seq, const frame& f) {
    std::size_t sent = 0;
    for (const auto& r : recipients)
        if (seq > r.min_seq) {
            r.conn->send_here(f);
            ++sent;
        }
    return sent;
}

}  // namespace parley::chat

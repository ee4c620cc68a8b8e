#include "chat/seq_gate.hpp"

namespace parley::chat {

std::vector<seq_gate::item> seq_gate::start(std::int64_t base) {
    std::vector<item> out;
    if (started()) return out;
    delivered_ = base;
    // Everything at or below the base is in the snapshot, but a join whose snapshot is older
    // may still need it: hand it out too, in order.
    while (!held_.empty() && held_.begin()->first <= base) {
        out.push_back({held_.begin()->first, std::move(held_.begin()->second)});
        held_.erase(held_.begin());
    }
    release_in_order(out);
    return out;
}

std::vector<seq_gate::item> seq_gate::offer(std::int64_t seq, bus::room_event e) {
    std::vector<item> out;
    if (!started()) {
        held_.emplace(seq, std::move(e));
        return out;
    }
    if (seq <= *delivered_) return out;             // a duplicate
    if (seq == *delivered_ + 1 && held_.empty()) {  // the usual case: in order, nothing held
        delivered_ = seq;
        out.push_back({seq, std::move(e)});
        return out;
    }
    held_.emplace(seq, std::move(e));
    release_in_order(out);
    return out;
}

std::optional<seq_gate::gap> seq_gate::missing() const {
    if (!started() || held_.empty()) return std::nullopt;
    return gap{*delivered_, held_.begin()->first};
}

void seq_gate::release_in_order(std::vector<item>& out) {
    while (!held_.empty() && held_.begin()->first == *delivered_ + 1) {
        out.push_back({held_.begin()->first, std::move(held_.begin()->second)});
        held_.erase(held_.begin());
        ++*delivered_;
    }
}

}  // namespace parley::chat

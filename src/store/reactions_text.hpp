#pragma once
// How backends hand a message's reactions from SQL to C++: one text of "emoji:user id" lines,
// oldest first (an emoji never holds ':' or a line break). Internal to store/.
#include <string_view>
#include <vector>

#include "store/types.hpp"

namespace parley::store {

/// The reactions in `lines`, one entry per emoji in order of its first reaction, each with its
/// users in order. Malformed lines are skipped. Pure.
inline std::vector<reaction_summary> parse_reactions(std::string_view lines) {
    std::vector<reaction_summary> out;
    while (!lines.empty()) {
        const auto end = lines.find('\n');
        const auto line = lines.substr(0, end);
        lines = end == std::string_view::npos ? std::string_view{} : lines.substr(end + 1);
        const auto colon = line.rfind(':');
        if (colon == std::string_view::npos || colon == 0) continue;
        id_t user = 0;
        for (char c : line.substr(colon + 1)) {
            if (c < '0' || c > '9') {
                user = 0;
                break;
            }
            user = user * 10 + (c - '0');
        }
        if (user == 0) continue;
        const auto emoji = line.substr(0, colon);
        auto it = out.begin();
        while (it != out.end() && it->emoji != emoji) ++it;
        if (it == out.end()) it = out.insert(out.end(), {std::string(emoji), {}});
        it->users.push_back(user);
    }
    return out;
}

}  // namespace parley::store

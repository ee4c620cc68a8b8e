#include "throttle/limit_spec.hpp"

#include <charconv>
#include <optional>

namespace parley::throttle {
namespace {

/// A non-negative decimal number, or nothing.
std::optional<double> number(std::string_view s) {
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !(v >= 0) || v > 1e9) return {};
    return v;
}

}  // namespace

std::string apply_limit_spec(abuse_limits& limits, std::string_view spec) {
    const auto eq = spec.find('=');
    if (eq == std::string_view::npos) return "expected NAME=RATE/BURST or NAME=off";
    const auto name = spec.substr(0, eq);
    const auto value = spec.substr(eq + 1);
    rate_limit r;
    if (value != "off") {
        const auto slash = value.find('/');
        const auto rate = number(value.substr(0, slash));
        const auto burst =
            slash == std::string_view::npos ? std::nullopt : number(value.substr(slash + 1));
        if (!rate || !burst || *rate <= 0 || *burst < 1)
            return "expected RATE/BURST (per second, then how many at once, e.g. 5/30) or off";
        r = {*rate, *burst};
    }
    bool found = false;
    for (auto& [n, limit] : limits.named())
        if (name == "all" || name == n) {
            *limit = r;
            found = true;
        }
    if (found) return {};
    std::string names = "all";
    for (auto& [n, limit] : limits.named()) names += std::string(", ") + n;
    return "unknown limit '" + std::string(name) + "' (one of: " + names + ")";
}

}  // namespace parley::throttle

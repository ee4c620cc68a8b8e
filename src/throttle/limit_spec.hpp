#pragma once
// `--limit NAME=RATE/BURST`: one abuse limit set from the command line.
#include <string>
#include <string_view>

#include "config.hpp"

namespace parley::throttle {

/// Applies "NAME=RATE/BURST" (e.g. "messages=5/30": 30 at once, then 5 a second) or "NAME=off"
/// to `limits`; NAME is one of abuse_limits::named(), or "all" for every limit. Returns what is
/// wrong with `spec`, or an empty string once applied.
[[nodiscard]] std::string apply_limit_spec(abuse_limits& limits, std::string_view spec);

}  // namespace parley::throttle

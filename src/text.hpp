#pragma once
// Small text helpers shared by the layers that validate what clients send.
#include <cstddef>
#include <string_view>

namespace parley::text {

/// The number of Unicode code points in valid UTF-8 (what users call characters).
[[nodiscard]] std::size_t code_points(std::string_view utf8);
/// `s` without leading and trailing spaces, tabs and line breaks.
[[nodiscard]] std::string_view trimmed(std::string_view s);
/// Equality ignoring the case of ASCII letters.
[[nodiscard]] bool iequals(std::string_view a, std::string_view b);

}  // namespace parley::text

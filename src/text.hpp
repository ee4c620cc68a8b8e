#pragma once
// Small text helpers shared by the layers that validate what clients send.
#include <cstddef>
#include <string>
#include <string_view>

namespace parley::text {

/// The number of Unicode code points in valid UTF-8 (what users call characters).
[[nodiscard]] std::size_t code_points(std::string_view utf8);
/// The first `n` code points of valid UTF-8 (all of it if shorter).
[[nodiscard]] std::string_view first_code_points(std::string_view utf8, std::size_t n);
/// `s` without leading and trailing spaces, tabs and line breaks.
[[nodiscard]] std::string_view trimmed(std::string_view s);
/// `s` with ASCII letters lowercased.
[[nodiscard]] std::string lowercase(std::string_view s);
/// Equality ignoring the case of ASCII letters.
[[nodiscard]] bool iequals(std::string_view a, std::string_view b);
/// Whether valid UTF-8 holds a character that changes how the text around it is shown without
/// being seen itself: bidirectional overrides, embeddings, isolates and marks (which can make
/// "alice\u202Eecila" read as someone else), zero-width spaces and joiners other than ZWJ and
/// ZWNJ (which emoji and several scripts need), fillers and other invisible characters.
[[nodiscard]] bool has_invisible(std::string_view utf8);
/// Whether valid UTF-8 consists of spaces only (any Unicode space), or is empty.
[[nodiscard]] bool blank(std::string_view utf8);

}  // namespace parley::text

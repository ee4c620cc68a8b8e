#pragma once
// What the text of a message means beyond its characters: whom it mentions, whether a string
// is one emoji. Pure functions, any thread.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::text {

/// The usernames `@name` mentions in `utf8`, lowercased, each once, in order of first mention,
/// at most `max`. A mention starts at '@' at the start of the text or after a character that
/// cannot be part of a username or an address ("mail@host" mentions nobody); its name is 3-32
/// username characters with trailing '.' and '-' dropped ("@bob." mentions bob).
[[nodiscard]] std::vector<std::string> mentioned_names(std::string_view utf8, std::size_t max);

/// Whether valid UTF-8 is exactly one emoji as people type it: a pictographic character with
/// optional variation selector and skin tone, several joined by ZWJ (families, professions), a
/// flag (two regional indicators, or a black flag with tag characters), or a keycap ("1️⃣").
/// Unicode's Extended_Pictographic and Regional_Indicator (utf8proc's tables); letters, digits
/// alone, spaces and two emoji side by side are refused.
[[nodiscard]] bool is_single_emoji(std::string_view utf8);

/// Where `query` occurs in `utf8`, ignoring case (Unicode's simple lowercase, any script),
/// without overlaps, at most `max`: [start, end) offsets in UTF-16 code units,
/// as JavaScript strings count them. Nothing for an empty query.
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> match_ranges(std::string_view utf8,
                                                                            std::string_view query,
                                                                            std::size_t max);

}  // namespace parley::text

#include "message_text.hpp"

#include <utf8proc.h>

#include <algorithm>

namespace parley::text {
namespace {

bool username_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

/// Decodes UTF-8 into code points (utf8proc); an invalid sequence ends it.
std::u32string decode(std::string_view s) {
    std::u32string out;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
    auto left = static_cast<utf8proc_ssize_t>(s.size());
    while (left > 0) {
        utf8proc_int32_t c = 0;
        const auto used = utf8proc_iterate(p, left, &c);
        if (used <= 0) break;
        out.push_back(static_cast<char32_t>(c));
        p += used;
        left -= used;
    }
    return out;
}

utf8proc_propval_t bound_class(char32_t c) {
    return utf8proc_get_property(static_cast<utf8proc_int32_t>(c))->boundclass;
}
/// Unicode's Extended_Pictographic: the characters shown as emoji, from utf8proc's tables.
bool pictographic(char32_t c) {
    const auto b = bound_class(c);
    return b == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC || b == UTF8PROC_BOUNDCLASS_E_ZWG;
}
bool regional_indicator(char32_t c) {
    return bound_class(c) == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR;
}
bool skin_tone(char32_t c) { return c >= 0x1F3FB && c <= 0x1F3FF; }
bool tag(char32_t c) { return c >= 0xE0020 && c <= 0xE007E; }
constexpr char32_t variation_selector = 0xFE0F;
constexpr char32_t zero_width_joiner = 0x200D;
constexpr char32_t keycap = 0x20E3;
constexpr char32_t cancel_tag = 0xE007F;

/// One pictographic character with its modifiers, from `i`; returns where it ends, or npos.
std::size_t pictograph_at(const std::u32string& s, std::size_t i) {
    if (i >= s.size() || !pictographic(s[i])) return std::u32string::npos;
    ++i;
    if (i < s.size() && s[i] == variation_selector) ++i;
    if (i < s.size() && skin_tone(s[i])) ++i;
    return i;
}

}  // namespace

std::vector<std::string> mentioned_names(std::string_view utf8, std::size_t max) {
    std::vector<std::string> out;
    for (std::size_t at = utf8.find('@'); at != std::string_view::npos && out.size() < max;
         at = utf8.find('@', at + 1)) {
        if (at > 0 && (username_char(utf8[at - 1]) || utf8[at - 1] == '@')) continue;
        std::size_t end = at + 1;
        while (end < utf8.size() && username_char(utf8[end])) ++end;
        std::string name(utf8.substr(at + 1, end - at - 1));
        while (!name.empty() && (name.back() == '.' || name.back() == '-')) name.pop_back();
        if (name.size() < 3 || name.size() > 32) continue;
        std::transform(name.begin(), name.end(), name.begin(),
                       [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; });
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
    }
    return out;
}

bool is_single_emoji(std::string_view utf8) {
    const std::u32string s = decode(utf8);
    if (s.empty()) return false;
    // A flag: two regional indicators.
    if (regional_indicator(s[0])) return s.size() == 2 && regional_indicator(s[1]);
    // A keycap: a digit, '#' or '*', an optional variation selector, the keycap mark.
    if (s[0] < 0x80) {
        const bool base = (s[0] >= '0' && s[0] <= '9') || s[0] == '#' || s[0] == '*';
        std::size_t i = 1;
        if (i < s.size() && s[i] == variation_selector) ++i;
        return base && i + 1 == s.size() && s[i] == keycap;
    }
    // Pictographs joined by ZWJ; a subdivision flag's tags after the first.
    std::size_t i = pictograph_at(s, 0);
    if (i == std::u32string::npos) return false;
    if (i < s.size() && tag(s[i])) {
        while (i < s.size() && tag(s[i])) ++i;
        return i + 1 == s.size() && s[i] == cancel_tag;
    }
    while (i < s.size()) {
        if (s[i] != zero_width_joiner) return false;
        i = pictograph_at(s, i + 1);
        if (i == std::u32string::npos) return false;
    }
    return true;
}

namespace {

/// A code point's simple lowercase (Unicode's, from utf8proc), so that matches keep their
/// length in code points and marks line up with the text.
char32_t fold(char32_t c) {
    return static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c)));
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> match_ranges(std::string_view utf8,
                                                              std::string_view query,
                                                              std::size_t max) {
    std::u32string text = decode(utf8), needle = decode(query);
    std::vector<std::pair<std::size_t, std::size_t>> out;
    if (needle.empty()) return out;
    // UTF-16 offset of each code point, and of the end.
    std::vector<std::size_t> at(text.size() + 1, 0);
    for (std::size_t i = 0; i < text.size(); ++i) at[i + 1] = at[i] + (text[i] > 0xFFFF ? 2 : 1);
    for (auto& c : text) c = fold(c);
    for (auto& c : needle) c = fold(c);
    for (std::size_t i = text.find(needle); i != std::u32string::npos && out.size() < max;
         i = text.find(needle, i + needle.size()))
        out.emplace_back(at[i], at[i + needle.size()]);
    return out;
}

}  // namespace parley::text

#include "message_text.hpp"

#include <algorithm>

namespace parley::text {
namespace {

bool username_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

/// Decodes valid UTF-8 into code points.
std::u32string decode(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
        for (std::size_t k = 1; k < len && i + k < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += len;
    }
    return out;
}

/// Characters shown as emoji (Unicode's Extended_Pictographic, in blocks).
bool pictographic(char32_t c) {
    return (c >= 0x1F000 && c <= 0x1FAFF && !(c >= 0x1F1E6 && c <= 0x1F1FF) &&
            !(c >= 0x1F3FB && c <= 0x1F3FF)) ||
           (c >= 0x2600 && c <= 0x27BF) || (c >= 0x2300 && c <= 0x23FF) ||
           (c >= 0x2B00 && c <= 0x2BFF) || (c >= 0x2190 && c <= 0x21FF) ||
           (c >= 0x25A0 && c <= 0x25FF) || (c >= 0x2934 && c <= 0x2935) || c == 0x00A9 ||
           c == 0x00AE || c == 0x203C || c == 0x2049 || c == 0x2122 || c == 0x2139 || c == 0x3030 ||
           c == 0x303D || c == 0x3297 || c == 0x3299;
}
bool regional_indicator(char32_t c) { return c >= 0x1F1E6 && c <= 0x1F1FF; }
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

/// The lowercase of the letters people search in most, code point for code point.
char32_t fold(char32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c < 0xC0) return c;
    if (c <= 0xDE && c != 0xD7) return c + 32;  // Latin-1
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x138 &&
        c != 0x178)  // Latin Extended-A: pairs
        return (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E) ? (c % 2 ? c + 1 : c)
                                                                        : (c % 2 ? c : c + 1);
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;  // Greek
    if (c >= 0x410 && c <= 0x42F) return c + 32;                // Cyrillic
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    return c;
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

#include "text.hpp"

#include <algorithm>
#include <cctype>

namespace parley::text {

std::size_t code_points(std::string_view utf8) {
    // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
    return static_cast<std::size_t>(
        std::count_if(utf8.begin(), utf8.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string_view first_code_points(std::string_view utf8, std::size_t n) {
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        if ((utf8[i] & 0xC0) == 0x80) continue;
        if (n-- == 0) return utf8.substr(0, i);
    }
    return utf8;
}

std::string_view trimmed(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

std::string lowercase(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

namespace {

/// Calls `f` with each code point of valid UTF-8; stops early when `f` returns true, and then
/// returns true.
template <class F>
bool any_code_point(std::string_view s, F f) {
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
        for (int k = 1; k < len && i + static_cast<std::size_t>(k) < s.size(); ++k)
            cp =
                (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
        if (f(cp)) return true;
        i += static_cast<std::size_t>(len);
    }
    return false;
}

bool invisible(char32_t c) {
    return (c >= 0x80 && c <= 0x9F) ||               // C1 controls
           c == 0xAD || c == 0x34F || c == 0x61C ||  // soft hyphen, CGJ, Arabic mark
           c == 0x115F || c == 0x1160 || c == 0x17B4 || c == 0x17B5 || c == 0x180E || c == 0x200B ||
           c == 0x200E || c == 0x200F ||                 // zero-width space, LRM, RLM
           (c >= 0x2028 && c <= 0x202E) ||               // separators, embeddings, overrides
           (c >= 0x2060 && c <= 0x206F) ||               // word joiner, isolates, invisibles
           c == 0x3164 || c == 0xFEFF || c == 0xFFA0 ||  // fillers, zero-width no-break
           (c >= 0xFFF9 && c <= 0xFFFB) ||               // interlinear annotations
           (c >= 0x1D173 && c <= 0x1D17A);               // musical formatting
}

bool space(char32_t c) {
    return c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000;
}

}  // namespace

bool has_invisible(std::string_view utf8) { return any_code_point(utf8, invisible); }

bool blank(std::string_view utf8) {
    return !any_code_point(utf8, [](char32_t c) { return !space(c); });
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace parley::text

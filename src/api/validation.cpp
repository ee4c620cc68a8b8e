#include "api/validation.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>

namespace parley::api {
namespace {

std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool has_control(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7F;
    });
}

/// Trimmed text of 1..max characters without control characters.
outcome<std::string> printable(std::string_view text, std::size_t max, const char* field) {
    const auto t = trimmed(text);
    if (t.empty() || code_points(t) > max || has_control(t))
        return failure{
            "invalid_field",
            std::string(field) + " must be 1-" + std::to_string(max) + " printable characters",
            400};
    return std::string(t);
}

}  // namespace

std::string_view trimmed(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

outcome<std::string> valid_nickname(std::string_view text) {
    return printable(text, nickname_max_chars, "nickname");
}

outcome<std::string> valid_group_name(std::string_view text) {
    return printable(text, group_name_max_chars, "name");
}

outcome<std::string> valid_avatar(std::string_view text) {
    const failure bad{"invalid_field", "avatar must be an http(s) URL of at most 2 KiB", 400};
    if (text.size() > avatar_max_bytes) return bad;
    auto url = boost::urls::parse_absolute_uri(text);
    if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->host().empty())
        return bad;
    return std::string(text);
}

outcome<std::string> normalized_tag(std::string_view text) {
    std::string tag(trimmed(text));
    std::transform(tag.begin(), tag.end(), tag.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const bool ok =
        !tag.empty() && tag.size() <= tag_max_chars &&
        std::all_of(tag.begin(), tag.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        });
    if (!ok) return failure{"invalid_tag", "a tag is 1-32 letters, digits, '-' or '_'", 400};
    return tag;
}

}  // namespace parley::api

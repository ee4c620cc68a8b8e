#include "api/validation.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>

#include "text.hpp"

namespace parley::api {
namespace {

bool has_control(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7F;
    });
}

/// Trimmed text of 1..max characters, not all spaces, without control characters or invisible
/// ones that could make a name pass for another.
outcome<std::string> printable(std::string_view input, std::size_t max, const char* field) {
    const auto t = text::trimmed(input);
    if (text::blank(t) || text::code_points(t) > max || has_control(t) || text::has_invisible(t))
        return failure{"invalid_field",
                       std::string(field) + " must be 1-" + std::to_string(max) +
                           " visible characters (no invisible or direction-changing ones)",
                       400};
    return std::string(t);
}

}  // namespace

outcome<std::string> valid_nickname(std::string_view input) {
    return printable(input, nickname_max_chars, "nickname");
}

outcome<std::string> valid_group_name(std::string_view input) {
    return printable(input, group_name_max_chars, "name");
}

outcome<std::string> valid_topic(std::string_view input) {
    if (text::blank(input)) return std::string();
    return printable(input, topic_max_chars, "topic");
}

outcome<std::string> valid_avatar(std::string_view input) {
    const failure bad{"invalid_field", "avatar must be an http(s) URL of at most 2 KiB", 400};
    if (input.size() > avatar_max_bytes) return bad;
    auto url = boost::urls::parse_absolute_uri(input);
    if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->host().empty())
        return bad;
    return std::string(input);
}

outcome<std::string> normalized_tag(std::string_view input) {
    std::string tag(text::trimmed(input));
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

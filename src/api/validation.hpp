#pragma once
// What makes profile fields, tags and group names acceptable.
#include <string>
#include <string_view>

#include "failure.hpp"

namespace parley::api {

constexpr std::size_t nickname_max_chars = 32;
constexpr std::size_t avatar_max_bytes = 2048;
constexpr std::size_t tag_max_chars = 32;
constexpr std::size_t group_name_max_chars = 64;
constexpr std::size_t topic_max_chars = 250;

/// A nickname: trimmed, 1–32 characters, no control characters.
[[nodiscard]] outcome<std::string> valid_nickname(std::string_view input);
/// An avatar: an absolute http(s) URL of at most 2 KiB.
[[nodiscard]] outcome<std::string> valid_avatar(std::string_view input);
/// A tag, normalized: trimmed, lower-case, 1–32 of letters, digits, '-' and '_'.
[[nodiscard]] outcome<std::string> normalized_tag(std::string_view input);
/// A group name: trimmed, 1–64 characters, no control characters.
[[nodiscard]] outcome<std::string> valid_group_name(std::string_view input);
/// A group topic: trimmed, 0–250 characters (empty clears it), no control characters.
[[nodiscard]] outcome<std::string> valid_topic(std::string_view input);

}  // namespace parley::api

#pragma once
// What makes a username or password acceptable.
#include <optional>
#include <string>
#include <string_view>

namespace parley::auth {

constexpr std::size_t username_min_chars = 3;
constexpr std::size_t username_max_chars = 32;
constexpr std::size_t password_min_chars = 8;
constexpr std::size_t password_max_bytes = 1024;  // bounds hashing work per request

/// nullopt if valid, else why not: 3–32 characters of [A-Za-z0-9_.-].
[[nodiscard]] std::optional<std::string> check_username(std::string_view name);
/// nullopt if valid, else why not: at least 8 characters, at most 1 KiB.
[[nodiscard]] std::optional<std::string> check_password(std::string_view password);
/// nullopt if valid, else why not: a plausible address of at most 254 characters.
[[nodiscard]] std::optional<std::string> check_email(std::string_view email);

}  // namespace parley::auth

#include "auth/rules.hpp"

#include <algorithm>

#include "text.hpp"

namespace parley::auth {
namespace {

bool username_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

}  // namespace

std::optional<std::string> check_username(std::string_view name) {
    if (name.size() < username_min_chars || name.size() > username_max_chars ||
        !std::all_of(name.begin(), name.end(), username_char))
        return "username must be 3-32 characters of letters, digits, '_', '.' or '-'";
    return std::nullopt;
}

std::optional<std::string> check_password(std::string_view password) {
    if (text::code_points(password) < password_min_chars)
        return "password must be at least 8 characters";
    if (password.size() > password_max_bytes) return "password must be at most 1024 bytes";
    return std::nullopt;
}

std::optional<std::string> check_email(std::string_view email) {
    const auto at = email.find('@');
    const bool ok = email.size() <= 254 && at != std::string_view::npos && at > 0 &&
                    email.find('.', at) != std::string_view::npos && email.back() != '.' &&
                    email.find_first_of(" \t\r\n<>") == std::string_view::npos &&
                    email.find('@', at + 1) == std::string_view::npos;
    if (!ok) return "email is not a valid address";
    return std::nullopt;
}

}  // namespace parley::auth

#pragma once
// Bearer tokens for sessions: random on issue, stored only as a hash.
#include <string>
#include <string_view>

namespace parley::auth {

/// A new 256-bit random token, URL-safe base64 without padding (43 characters).
[[nodiscard]] std::string new_token();

/// The SHA-256 of a token in lower-case hex: what the database stores and looks up.
[[nodiscard]] std::string token_hash(std::string_view token);

}  // namespace parley::auth

namespace parley::auth {

/// A random (version 4) UUID in its usual 36-character form.
[[nodiscard]] std::string new_uuid();

}  // namespace parley::auth

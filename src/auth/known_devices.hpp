#pragma once
// Known devices: proof that a browser or client signed in to an account before, so that
// password guessing from elsewhere never locks the owner out of their own devices.
#include <optional>
#include <string>
#include <string_view>

#include "store/types.hpp"

namespace parley::auth {

/// A new device token for `user_id`: `<device id>.<MAC>`, URL-safe base64. The MAC
/// (HMAC-SHA-256) is keyed by a hash of the account's password hash, so nothing is stored, every
/// node can check it, and it stops being valid when the password changes. Thread-safe.
[[nodiscard]] std::string new_device_token(store::id_t user_id, std::string_view password_hash);

/// The device id of `token` if it is a device token this account issued under its current
/// password hash; nullopt for anything else (malformed, another account's, an older password's).
[[nodiscard]] std::optional<std::string> known_device_id(std::string_view token,
                                                         store::id_t user_id,
                                                         std::string_view password_hash);

}  // namespace parley::auth

#pragma once
// Password hashing with argon2id (libsodium). Slow by design: call off the network threads.
#include <optional>
#include <string>
#include <string_view>

namespace parley::auth {

/// Hashes with argon2id at libsodium's interactive limits; the string embeds salt and cost.
/// Returns nullopt only if the machine cannot spare the memory the hash needs.
[[nodiscard]] std::optional<std::string> hash_password(std::string_view password);

/// True if `password` matches `hash` (a string made by hash_password).
[[nodiscard]] bool verify_password(std::string_view hash, std::string_view password);

}  // namespace parley::auth

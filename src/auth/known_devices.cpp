#include "auth/known_devices.hpp"

#include <sodium.h>

#include <array>
#include <cstdlib>

namespace parley::auth {
namespace {

using mac_bytes = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

mac_bytes device_mac(std::string_view device_id, store::id_t user_id,
                     std::string_view password_hash) {
    std::array<unsigned char, crypto_auth_hmacsha256_KEYBYTES> key{};
    crypto_generichash(key.data(), key.size(),
                       reinterpret_cast<const unsigned char*>(password_hash.data()),
                       password_hash.size(), nullptr, 0);
    const std::string message =
        "parley-device:" + std::to_string(user_id) + ":" + std::string(device_id);
    mac_bytes mac{};
    crypto_auth_hmacsha256(mac.data(), reinterpret_cast<const unsigned char*>(message.data()),
                           message.size(), key.data());
    sodium_memzero(key.data(), key.size());
    return mac;
}

template <std::size_t N>
std::string base64(const std::array<unsigned char, N>& bytes) {
    char out[sodium_base64_ENCODED_LEN(N, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(out, sizeof out, bytes.data(), bytes.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

}  // namespace

std::string new_device_token(store::id_t user_id, std::string_view password_hash) {
    if (sodium_init() < 0) std::abort();  // no randomness: nothing safe can continue
    std::array<unsigned char, 16> raw{};
    randombytes_buf(raw.data(), raw.size());
    const std::string device_id = base64(raw);
    return device_id + "." + base64(device_mac(device_id, user_id, password_hash));
}

std::optional<std::string> known_device_id(std::string_view token, store::id_t user_id,
                                           std::string_view password_hash) {
    const auto dot = token.find('.');
    if (dot == std::string_view::npos || dot == 0) return std::nullopt;
    const auto device_id = token.substr(0, dot);
    const auto encoded = token.substr(dot + 1);
    mac_bytes given{};
    std::size_t length = 0;
    if (sodium_base642bin(given.data(), given.size(), encoded.data(), encoded.size(), nullptr,
                          &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        length != given.size())
        return std::nullopt;
    const auto expected = device_mac(device_id, user_id, password_hash);
    if (sodium_memcmp(given.data(), expected.data(), given.size()) != 0) return std::nullopt;
    return std::string(device_id);
}

}  // namespace parley::auth

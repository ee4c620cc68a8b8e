#include "auth/tokens.hpp"

#include <sodium.h>

#include <array>

namespace parley::auth {

std::string new_token() {
    if (sodium_init() < 0) std::abort();  // no randomness: nothing safe can continue
    std::array<unsigned char, 32> raw{};
    randombytes_buf(raw.data(), raw.size());
    char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(out, sizeof out, raw.data(), raw.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

std::string token_hash(std::string_view token) {
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()),
                       token.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest.data(), digest.size());
    return hex;
}

}  // namespace parley::auth

namespace parley::auth {

std::string new_uuid() {
    if (sodium_init() < 0) std::abort();
    std::array<unsigned char, 16> b{};
    randombytes_buf(b.data(), b.size());
    b[6] = (b[6] & 0x0F) | 0x40;  // version 4
    b[8] = (b[8] & 0x3F) | 0x80;  // RFC 4122 variant
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, b.data(), b.size());
    const std::string h(hex);
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
           "-" + h.substr(20);
}

}  // namespace parley::auth

#include "auth/passwords.hpp"

#include <sodium.h>

namespace parley::auth {

std::optional<std::string> hash_password(std::string_view password) {
    if (sodium_init() < 0) return std::nullopt;
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return std::nullopt;
    return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view password) {
    if (sodium_init() < 0 || hash.size() >= crypto_pwhash_STRBYTES) return false;
    const std::string terminated(hash);  // libsodium wants a NUL-terminated hash
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

}  // namespace parley::auth

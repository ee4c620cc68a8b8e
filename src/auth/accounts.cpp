#include "auth/accounts.hpp"

#include "auth/known_devices.hpp"
#include "auth/passwords.hpp"
#include "auth/rules.hpp"
#include "auth/tokens.hpp"

namespace parley::auth {
namespace {

failure internal_error() { return {"internal", "the server could not complete the request", 500}; }

}  // namespace

store::millis_t now_millis() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

accounts::accounts(store::accounts& db, std::chrono::milliseconds session_ttl)
    : db_(db), session_ttl_(session_ttl), dummy_hash_(hash_password("parley-dummy").value_or("")) {}

outcome<signed_in> accounts::register_user(std::string_view username, std::string_view password,
                                           std::optional<std::string> email) {
    auto created = create_credentials(username, password, std::move(email));
    if (created.has_error()) return created.error();
    return start_session(std::move(created->account), std::move(created->password_hash));
}

outcome<store::user> accounts::create_account(std::string_view username, std::string_view password,
                                              std::optional<std::string> email) {
    auto created = create_credentials(username, password, std::move(email));
    if (created.has_error()) return created.error();
    return std::move(created->account);
}

outcome<store::user_credentials> accounts::create_credentials(std::string_view username,
                                                              std::string_view password,
                                                              std::optional<std::string> email) {
    if (auto why = check_username(username)) return failure{"invalid_username", *why, 400};
    if (auto why = check_password(password)) return failure{"invalid_password", *why, 400};
    if (email && email->empty()) email.reset();
    if (email) {
        if (auto why = check_email(*email)) return failure{"invalid_email", *why, 400};
    }
    auto hash = hash_password(password);
    if (!hash) return internal_error();
    auto created = db_.create_user({std::string(username), std::move(email), *hash}, now_millis());
    if (created.has_error()) {
        if (created.error() == store::errc::conflict)
            return failure{"username_taken", "that username is already taken", 409};
        return store_failure(created.error());
    }
    return store::user_credentials{std::move(*created), std::move(*hash)};
}

outcome<signed_in> accounts::login(std::string_view username, std::string_view password) {
    const failure rejected{"invalid_credentials", "wrong username or password", 401};
    if (password.size() > password_max_bytes) return rejected;
    auto creds = db_.find_credentials(username);
    if (creds.has_error()) {
        if (creds.error() != store::errc::not_found) return store_failure(creds.error());
        (void)verify_password(dummy_hash_, password);  // same cost as a real check
        return rejected;
    }
    if (!verify_password(creds->password_hash, password)) return rejected;
    // Told only to who knows the password: it does not reveal which accounts exist.
    if (creds->disabled) return failure{"account_disabled", "this account is disabled", 403};
    return start_session(std::move(creds->account), std::move(creds->password_hash));
}

std::optional<std::string> accounts::known_device(std::string_view username,
                                                  std::string_view device_token) {
    if (device_token.empty()) return std::nullopt;
    auto creds = db_.find_credentials(username);
    if (creds.has_error() || creds->disabled) return std::nullopt;
    return known_device_id(device_token, creds->account.id, creds->password_hash);
}

outcome<signed_in> accounts::start_session(store::user u, std::string verified) {
    const auto now = now_millis();
    std::string token = new_token();
    std::string device = new_device_token(u.id, verified);
    auto saved = db_.create_session(
        {token_hash(token), u.id, now, now + session_ttl_.count(), std::move(verified)});
    // The password was changed while `verified` was checked: it is no longer the password.
    if (saved.has_error() && saved.error() == store::errc::conflict)
        return failure{"invalid_credentials", "wrong username or password", 401};
    if (saved.has_error()) return store_failure(saved.error());
    return signed_in{std::move(u), std::move(token), std::move(device)};
}

outcome<void> accounts::logout(std::string_view token) {
    if (auto r = db_.delete_session(token_hash(token)); r.has_error())
        return store_failure(r.error());
    return {};
}

outcome<std::vector<std::string>> accounts::change_password(const store::user& who,
                                                            std::string_view token,
                                                            std::string_view current,
                                                            std::string_view next) {
    auto creds = db_.find_credentials(who.username);
    if (creds.has_error()) return store_failure(creds.error());
    if (current.size() > password_max_bytes || !verify_password(creds->password_hash, current))
        return failure{"wrong_password", "the current password is wrong", 403};
    if (auto why = check_password(next)) return failure{"invalid_password", *why, 400};
    auto hash = hash_password(next);
    if (!hash) return internal_error();
    auto ended = db_.change_password(who.id, *hash, token_hash(token));
    if (ended.has_error()) return store_failure(ended.error());
    return std::move(*ended);
}

outcome<std::vector<std::string>> accounts::set_password(store::id_t user_id,
                                                         std::string_view password) {
    if (auto why = check_password(password)) return failure{"invalid_password", *why, 400};
    auto hash = hash_password(password);
    if (!hash) return internal_error();
    auto ended = db_.change_password(user_id, *hash, "");
    if (ended.has_error()) return store_failure(ended.error());
    return std::move(*ended);
}

outcome<std::vector<std::string>> accounts::logout_everywhere(store::id_t user_id) {
    auto ended = db_.delete_sessions(user_id);
    if (ended.has_error()) return store_failure(ended.error());
    return std::move(*ended);
}

outcome<std::vector<std::string>> accounts::delete_account(const store::user& who,
                                                           std::string_view password) {
    auto creds = db_.find_credentials(who.username);
    if (creds.has_error()) return store_failure(creds.error());
    if (password.size() > password_max_bytes || !verify_password(creds->password_hash, password))
        return failure{"wrong_password", "the password is wrong", 403};
    auto ended = db_.delete_user(who.id, now_millis());
    if (ended.has_error()) return store_failure(ended.error());
    return std::move(*ended);
}

outcome<std::vector<std::string>> accounts::live_sessions(
    const std::vector<std::string>& token_hashes) {
    auto live = db_.live_sessions(token_hashes, now_millis());
    if (live.has_error()) return store_failure(live.error());
    return std::move(*live);
}

outcome<store::user> accounts::authenticate(std::string_view token) {
    auto s = authenticate_session(token);
    if (s.has_error()) return s.error();
    return std::move(s->account);
}

outcome<store::session_user> accounts::authenticate_session(std::string_view token) {
    const failure unauthorized{"unauthorized", "sign in first", 401};
    if (token.empty()) return unauthorized;
    auto u = db_.find_session_user(token_hash(token), now_millis());
    if (u.has_error()) {
        if (u.error() == store::errc::not_found) return unauthorized;
        return store_failure(u.error());
    }
    return std::move(*u);
}

}  // namespace parley::auth

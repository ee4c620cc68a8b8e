#pragma once
// Registering, signing in and out, and turning a bearer token back into its user.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "failure.hpp"
#include "store/accounts.hpp"

namespace parley::auth {

/// A user together with the bearer token of their new session.
struct signed_in {
    store::user user;
    std::string token;
    std::string device;  ///< a device token (known_devices.hpp) that marks this device as known
};

/// Account operations over a store. Blocking (hashing and database work): call from a worker
/// thread, never a network thread. Safe to use from several threads at once.
class accounts {
  public:
    explicit accounts(store::accounts& db,
                      std::chrono::milliseconds session_ttl = std::chrono::hours(24 * 30));

    /// Creates an account and signs it in. Failures: invalid_username / invalid_password /
    /// invalid_email (400), username_taken (409), internal (500).
    [[nodiscard]] outcome<signed_in> register_user(std::string_view username,
                                                   std::string_view password,
                                                   std::optional<std::string> email);
    /// Creates an account without signing it in (administration); the same checks and
    /// failures as register_user.
    [[nodiscard]] outcome<store::user> create_account(std::string_view username,
                                                      std::string_view password,
                                                      std::optional<std::string> email);
    /// Checks a password and starts a session. Unknown user and wrong password fail the same
    /// way (invalid_credentials, 401) and take about the same time.
    [[nodiscard]] outcome<signed_in> login(std::string_view username, std::string_view password);
    /// The device id of `device_token` when it marks a known device of the account named
    /// `username` (a sign-in or sign-up under its current password); nullopt for anything else,
    /// and when the store fails (the device is then treated as unknown).
    [[nodiscard]] std::optional<std::string> known_device(std::string_view username,
                                                          std::string_view device_token);
    /// Sets a user's password without knowing the old one (administration) and ends every
    /// session of theirs; returns the token hashes ended. Failures: invalid_password (400),
    /// not_found (404), internal (500).
    [[nodiscard]] outcome<std::vector<std::string>> set_password(store::id_t user_id,
                                                                 std::string_view password);
    /// Checks `password` and deletes the account of `who` (store::accounts::delete_user);
    /// returns the token hashes of the sessions ended. Failures: wrong_password (403),
    /// internal (500).
    [[nodiscard]] outcome<std::vector<std::string>> delete_account(const store::user& who,
                                                                   std::string_view password);
    /// Which of these sessions (token hashes) are still signed in; the rest ended elsewhere
    /// (another process, a lost bus event).
    [[nodiscard]] outcome<std::vector<std::string>> live_sessions(
        const std::vector<std::string>& token_hashes);
    /// Ends the session of `token`; ending an unknown session succeeds.
    [[nodiscard]] outcome<void> logout(std::string_view token);
    /// Ends every session of the user, this one included; returns their token hashes.
    [[nodiscard]] outcome<std::vector<std::string>> logout_everywhere(store::id_t user_id);
    /// Checks `current` and sets `next` as the password of `who`, ending every other session of
    /// theirs (the one of `token` stays); returns the token hashes of the sessions ended.
    /// Failures: wrong_password (403), invalid_password (400), internal (500).
    [[nodiscard]] outcome<std::vector<std::string>> change_password(const store::user& who,
                                                                    std::string_view token,
                                                                    std::string_view current,
                                                                    std::string_view next);
    /// The user a token belongs to, or unauthorized (401) if unknown or expired.
    [[nodiscard]] outcome<store::user> authenticate(std::string_view token);
    /// The same, with when the session ends (a WebSocket closes then).
    [[nodiscard]] outcome<store::session_user> authenticate_session(std::string_view token);

    /// How long a new session lasts.
    std::chrono::milliseconds session_ttl() const { return session_ttl_; }

  private:
    /// A new session for `u`, only while `verified` is still u's password hash; the device is
    /// known from now on.
    outcome<signed_in> start_session(store::user u, std::string verified);
    /// create_account, with the new account's password hash.
    outcome<store::user_credentials> create_credentials(std::string_view username,
                                                        std::string_view password,
                                                        std::optional<std::string> email);

    store::accounts& db_;
    std::chrono::milliseconds session_ttl_;
    std::string dummy_hash_;  // verified against for unknown users, to equalize timing
};

/// Milliseconds since the Unix epoch, the unit of every stored time.
[[nodiscard]] store::millis_t now_millis();

}  // namespace parley::auth

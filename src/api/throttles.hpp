#pragma once
// The REST side's abuse limits: sign-ins, registrations, room creation, invitations, uploads.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "api/http_types.hpp"
#include "config.hpp"
#include "store/types.hpp"
#include "throttle/rate_limiter.hpp"

namespace parley::api {

/// Token buckets of the REST routes (config's abuse_limits), shared by every request.
/// Thread-safe. Limits are per node.
struct rest_throttles {
    explicit rest_throttles(const abuse_limits& l)
        : logins_per_account(l.logins_per_account),
          logins_per_account_anywhere(l.logins_per_account_anywhere),
          logins_per_ip(l.logins_per_ip),
          registrations_per_ip(l.registrations_per_ip),
          rooms_per_user(l.rooms_per_user),
          invites_per_user(l.invites_per_user),
          uploads_per_user(l.uploads_per_user) {}

    /// By lower-cased username and the client's address or known device id.
    throttle::rate_limiter<std::string> logins_per_account;
    /// By lower-cased username: sign-ins from devices not known to the account.
    throttle::rate_limiter<std::string> logins_per_account_anywhere;
    throttle::rate_limiter<std::string> logins_per_ip;
    throttle::rate_limiter<std::string> registrations_per_ip;
    throttle::rate_limiter<store::id_t> rooms_per_user;
    throttle::rate_limiter<store::id_t> invites_per_user;  ///< others added to private groups
    throttle::rate_limiter<store::id_t> uploads_per_user;

    /// How often each limit has refused, by the limit's name in --limit (for /metrics).
    std::map<std::string, std::uint64_t, std::less<>> refusals() const {
        return {{"logins-per-account", logins_per_account.refusals()},
                {"logins-per-account-anywhere", logins_per_account_anywhere.refusals()},
                {"logins-per-ip", logins_per_ip.refusals()},
                {"registrations-per-ip", registrations_per_ip.refusals()},
                {"rooms-per-user", rooms_per_user.refusals()},
                {"invites-per-user", invites_per_user.refusals()},
                {"uploads-per-user", uploads_per_user.refusals()}};
    }
};

/// 429 `rate_limited`, with `Retry-After` in whole seconds (rounded up) and `retryAfterMs` in
/// the error object.
[[nodiscard]] response rate_limited_response(const request& req, std::chrono::milliseconds wait);

/// The client's address: the peer's, or behind a trusted proxy the last X-Forwarded-For entry
/// (the one the proxy appended; earlier ones are whatever the client claimed).
[[nodiscard]] std::string client_address(const request& req, std::string_view peer,
                                         bool trust_proxy);

}  // namespace parley::api

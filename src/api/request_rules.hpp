#pragma once
// What every HTTP request must be before the server reads it at all, REST and WebSocket
// handshakes alike: one reading only, so that a proxy in front and this server cannot take one
// request for two different ones.
#include <optional>

#include "api/http_types.hpp"
#include "failure.hpp"

namespace parley::api {

/// Why `req` is refused (400) before any route or upgrade looks at it, if it is: no Host or more
/// than one (RFC 9112 3.2), a Host that is not host[:port], a header the server reads once given
/// twice (Origin, Authorization, Cookie, Content-Type, the WebSocket key and version), a target
/// that is not origin-form, or a query parameter given twice. Pure; any thread.
[[nodiscard]] std::optional<failure> refuse_ambiguous(const request& req);

}  // namespace parley::api

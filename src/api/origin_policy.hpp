#pragma once
// Which web pages may act with the user's cookie: open a WebSocket (cross-site WebSocket
// hijacking) or send a state-changing REST request (cross-site request forgery).
#include <string>
#include <string_view>
#include <vector>

namespace parley::api {

/// True if a handshake or request with this Origin header may proceed: no Origin (not a browser),
/// the server's own origin (its host:port equals the Host header), or one listed in `allowed`.
[[nodiscard]] bool origin_allowed(std::string_view origin, std::string_view host,
                                  const std::vector<std::string>& allowed);

}  // namespace parley::api

#pragma once
// Which web pages may open a WebSocket with the user's cookie (cross-site WebSocket hijacking).
#include <string>
#include <string_view>
#include <vector>

namespace parley::net {

/// True if a handshake with this Origin header may proceed: no Origin (not a browser), the
/// server's own origin (its host:port equals the Host header), or one listed in `allowed`.
[[nodiscard]] bool origin_allowed(std::string_view origin, std::string_view host,
                                  const std::vector<std::string>& allowed);

}  // namespace parley::net

#include "api/throttles.hpp"

#include <boost/json.hpp>

#include "api/json_http.hpp"
#include "text.hpp"

namespace parley::api {

response rate_limited_response(const request& req, std::chrono::milliseconds wait) {
    auto res = json_response(req, http::status::too_many_requests,
                             {{"error",
                               {{"code", "rate_limited"},
                                {"message", "too many attempts; try again later"},
                                {"retryAfterMs", wait.count()}}}});
    res.set(http::field::retry_after, std::to_string((wait.count() + 999) / 1000));
    return res;
}

std::string client_address(const request& req, std::string_view peer, bool trust_proxy) {
    if (!trust_proxy) return std::string(peer);
    const auto forwarded = req["X-Forwarded-For"];
    if (forwarded.empty()) return std::string(peer);
    const auto comma = forwarded.rfind(',');
    const auto last =
        text::trimmed(comma == std::string_view::npos ? forwarded : forwarded.substr(comma + 1));
    return last.empty() ? std::string(peer) : std::string(last);
}

}  // namespace parley::api
